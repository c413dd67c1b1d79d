/**
 * Opens the stores `startServer` runs with from the persistence configuration and, with a leader lease
 * configured (Redis), waits as a standby until this replica leads, claims the fencing token in
 * PostgreSQL and keeps the lease renewed. Closing the stores releases the lease.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type OpenedStores, openStores } from '../adapters/open-stores.js';
import type { ServerConfig } from './config.js';
import { LeaderElector } from './leader-elector.js';
import type { Logger } from './log.js';
import type { PersistenceConfig } from './persistence-config.js';

/** What to do when the lease is lost while serving (default: log and exit, so a supervisor restarts us as standby). */
export type LeaseLostHandler = (reason: string) => void;

const defaultLeaseLost =
  (log: Logger): LeaseLostHandler =>
  (reason) => {
    log.error('leader lease lost: stopping at once', { reason });
    process.exit(75);
  };

/** Stores for `config.persistence` (memory when absent). */
export async function openServerStores(
  config: ServerConfig,
  log: Logger,
  onLeaseLost: LeaseLostHandler = defaultLeaseLost(log),
): Promise<OpenedStores> {
  const cfg: PersistenceConfig = config.persistence ?? { store: 'memory' };
  let lastErrorMs = 0;
  const stores = await openStores(cfg, (msg) => {
    const now = Date.now();
    if (now - lastErrorMs < 10_000) return;
    lastErrorMs = now;
    log.warn('metrics write failed (buffering, will retry)', { error: msg });
  });
  log.info('stores opened', stores.describe?.() ?? {});
  if (!stores.lease || !cfg.redis) return stores;
  const elector = new LeaderElector(stores.lease, {
    holder: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    ttlMs: cfg.redis.leaseTtlMs,
    onStandby: (leader) =>
      log.info('standby: another replica holds the leader lease', { leader: leader?.holder }),
    onLost: onLeaseLost,
  });
  try {
    const grant = await elector.acquire();
    await stores.pg?.fence.claim(grant, Date.now());
    elector.keep();
    log.info('leader lease acquired', { fencingToken: grant.fencingToken });
  } catch (err) {
    await elector.release();
    await stores.close();
    throw err;
  }
  const close = stores.close;
  stores.close = async () => {
    await elector.release();
    await close();
  };
  return stores;
}
