/**
 * LeaderLease port: at most one active scheduler among replicas. The holder renews its lease well before
 * it expires; when it stops (crash, partition), a standby acquires the lease once it expired. Every grant
 * carries a fencing token larger than any earlier grant's, so a store can refuse writes from a deposed
 * leader that has not noticed yet.
 */

export interface LeaseGrant {
  holder: string;
  /** Strictly increasing across grants of this lease. */
  fencingToken: number;
}

export interface LeaderLease {
  /** Takes the lease for `holder` when it is free or expired; undefined while someone else holds it. */
  tryAcquire(holder: string, ttlMs: number): Promise<LeaseGrant | undefined>;
  /** Extends a held lease by `ttlMs`; false when `grant` no longer holds it (it expired and was taken, or was released). */
  renew(grant: LeaseGrant, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `grant` still holds it, so a standby can take over at once. */
  release(grant: LeaseGrant): Promise<void>;
  /** The current holder's grant, or undefined when the lease is free. */
  current(): Promise<LeaseGrant | undefined>;
}
