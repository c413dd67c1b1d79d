/**
 * Persistence configuration: memory by default, URLs from the environment or the config file, every
 * error naming its field and never echoing a password; and leader election over a lease (a standby takes
 * over once the leader stops renewing).
 */
import { describe, expect, it } from 'vitest';
import { MemoryLeaderLease } from '../../engine/adapters/memory/memory-leader-lease.js';
import { ConfigError } from '../../engine/server/config.js';
import { LeaderElector } from '../../engine/server/leader-elector.js';
import { parsePersistence, persistenceWithFlag } from '../../engine/server/persistence-config.js';

describe('persistence config', () => {
  it('defaults to memory with no services; the environment supplies URLs', () => {
    expect(parsePersistence({}, {})).toEqual({
      store: 'memory',
      postgres: undefined,
      redis: undefined,
      influx: undefined,
    });
    const p = parsePersistence(
      { store: 'postgres' },
      {
        AGENTSCHED_PG_URL: 'postgres://u:pw@h/db',
        AGENTSCHED_REDIS_URL: 'redis://h:6379',
        AGENTSCHED_INFLUX_URL: 'http://h:8086',
      },
    );
    expect(p.postgres?.url).toBe('postgres://u:pw@h/db');
    expect(p.redis).toMatchObject({ keyPrefix: 'agentsched:', leaderLease: true });
    expect(p.influx).toMatchObject({ database: 'agentsched', retention: '30d' });
  });

  it.each([
    [{ store: 'postgres' }, {}, /postgres: store is postgres but no URL/],
    [
      { postgres: { url: 'postgres://u:hunter2@h/db' } },
      {},
      /postgres\.url: inline passwords are not allowed/,
    ],
    [{ redis: { urlEnv: 'NOPE' } }, {}, /redis\.urlEnv: environment variable NOPE is not set/],
    [
      { redis: { leaseTtlMs: 1 } },
      { AGENTSCHED_REDIS_URL: 'redis://h' },
      /redis\.leaseTtlMs: expected an integer/,
    ],
    [
      { influx: { retention: 'forever' } },
      { AGENTSCHED_INFLUX_URL: 'http://h' },
      /influx\.retention: expected a duration/,
    ],
    [{ influx: { bogus: 1 } }, {}, /influx\.bogus: unknown field/],
    [
      { store: 'postgres' },
      { AGENTSCHED_PG_URL: 'mysql://u:hunter2@h/db' },
      /expected a postgres or postgresql URL/,
    ],
  ])('%j refused naming the field', (raw, env, msg) => {
    const run = () => parsePersistence(raw as Record<string, unknown>, env as NodeJS.ProcessEnv);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(msg);
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('--store overrides the file and takes the URL from the environment', () => {
    const env = { AGENTSCHED_PG_URL: 'postgres://h/db' };
    expect(persistenceWithFlag(undefined, 'postgres', env).postgres?.url).toBe('postgres://h/db');
    expect(persistenceWithFlag({ store: 'postgres', postgres: undefined }, 'memory', env).store).toBe(
      'memory',
    );
    expect(() => persistenceWithFlag(undefined, 'sqlite', env)).toThrow(
      /--store: expected memory or postgres/,
    );
  });
});

describe('leader election', () => {
  it('a standby takes over once the leader stops renewing; the old leader learns it lost the lease', async () => {
    const lease = new MemoryLeaderLease();
    const lost: string[] = [];
    const a = new LeaderElector(lease, { holder: 'a', ttlMs: 150, onLost: (r) => lost.push(`a: ${r}`) });
    const ga = await a.acquire();
    a.keep();
    const b = new LeaderElector(lease, { holder: 'b', ttlMs: 150, onLost: (r) => lost.push(`b: ${r}`) });
    const standby = b.acquire();
    await new Promise((r) => setTimeout(r, 400));
    expect((await lease.current())?.holder).toBe('a');
    a.stop();
    const gb = await standby;
    expect(gb.fencingToken).toBeGreaterThan(ga.fencingToken);
    await b.release();
    expect(await lease.current()).toBeUndefined();
    expect(lost).toEqual([]);
  });
});
