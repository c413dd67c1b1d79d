/** In-memory LeaderLease (one process; replicas in tests share one instance) with an injected clock. */
import type { LeaderLease, LeaseGrant } from '../../ports/leader-lease.js';

export class MemoryLeaderLease implements LeaderLease {
  private held: { grant: LeaseGrant; expiresAtMs: number } | undefined;
  private lastToken = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  /** Grants the lease when free or expired. */
  async tryAcquire(holder: string, ttlMs: number): Promise<LeaseGrant | undefined> {
    if (this.live()) return undefined;
    const grant = { holder, fencingToken: ++this.lastToken };
    this.held = { grant, expiresAtMs: this.nowMs() + ttlMs };
    return { ...grant };
  }

  /** Extends the lease when `grant` still holds it. */
  async renew(grant: LeaseGrant, ttlMs: number): Promise<boolean> {
    if (!this.holds(grant)) return false;
    this.held!.expiresAtMs = this.nowMs() + ttlMs;
    return true;
  }

  /** Frees the lease when `grant` holds it. */
  async release(grant: LeaseGrant): Promise<void> {
    if (this.holds(grant)) this.held = undefined;
  }

  /** The live grant, if any. */
  async current(): Promise<LeaseGrant | undefined> {
    return this.live() ? { ...this.held!.grant } : undefined;
  }

  private live(): boolean {
    return this.held !== undefined && this.held.expiresAtMs > this.nowMs();
  }

  private holds(grant: LeaseGrant): boolean {
    return this.live() && this.held!.grant.fencingToken === grant.fencingToken;
  }
}
