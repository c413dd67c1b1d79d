/**
 * Leader election over a LeaderLease: `acquire` waits (polling at a third of the lease time) until this
 * replica holds the lease, then `keep` renews it at a third of the lease time. If renewal fails or errs
 * for longer than the lease, the lease may already belong to a standby: `onLost` fires once and the
 * engine must stop scheduling at once (the fencing token keeps a late write from landing).
 */
import type { LeaderLease, LeaseGrant } from '../ports/leader-lease.js';

export interface ElectorOptions {
  holder: string;
  ttlMs: number;
  /** Called once while waiting as a standby (e.g. to log who leads). */
  onStandby?: ((leader: LeaseGrant | undefined) => void) | undefined;
  onLost: (reason: string) => void;
}

export class LeaderElector {
  private grant: LeaseGrant | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastRenewMs = 0;

  constructor(
    private readonly lease: LeaderLease,
    private readonly o: ElectorOptions,
  ) {}

  /** Resolves with the grant once this replica leads; rejects when stopped first. */
  async acquire(): Promise<LeaseGrant> {
    let told = false;
    while (!this.stopped) {
      const g = await this.lease.tryAcquire(this.o.holder, this.o.ttlMs).catch(() => undefined);
      if (g) {
        this.grant = g;
        this.lastRenewMs = Date.now();
        return g;
      }
      if (!told) {
        told = true;
        this.o.onStandby?.(await this.lease.current().catch(() => undefined));
      }
      await new Promise((r) => setTimeout(r, Math.max(50, this.o.ttlMs / 3)));
    }
    throw new Error('leader election stopped');
  }

  /** Starts renewing the held lease. */
  keep(): void {
    const every = Math.max(50, this.o.ttlMs / 3);
    this.timer = setInterval(() => void this.renew(), every);
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    const g = this.grant;
    if (!g || this.stopped) return;
    const ok = await this.lease.renew(g, this.o.ttlMs).catch(() => undefined);
    if (ok === true) {
      this.lastRenewMs = Date.now();
      return;
    }
    if (ok === false || Date.now() - this.lastRenewMs >= this.o.ttlMs) {
      this.stop();
      this.o.onLost(ok === false ? 'lease taken by another replica' : 'lease could not be renewed in time');
    }
  }

  /** Stops renewing (and waiting). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Stops and gives the lease up so a standby takes over at once. */
  async release(): Promise<void> {
    this.stop();
    if (this.grant) await this.lease.release(this.grant).catch(() => {});
    this.grant = undefined;
  }
}
