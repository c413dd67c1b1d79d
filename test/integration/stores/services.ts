/**
 * Real services for the store integration tests: a fresh PostgreSQL database, Redis key prefix or
 * InfluxDB database per test file, dropped afterwards. With CI=true a missing service fails the tests
 * loudly; locally they are skipped with a message saying what to start.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it } from 'vitest';
import { influxTarget, ping, query } from '../../../engine/adapters/influx/influx-http.js';
import { migrate } from '../../../engine/adapters/postgres/migrate.js';
import { createPgPool } from '../../../engine/adapters/postgres/pg-pool.js';
import { createRedis, deletePrefix } from '../../../engine/adapters/redis/redis-client.js';

export const PG_ADMIN_URL =
  process.env.AGENTSCHED_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.AGENTSCHED_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const INFLUX_URL = process.env.AGENTSCHED_TEST_INFLUX_URL ?? 'http://127.0.0.1:8086';

const inCi = process.env.CI === 'true';

/** A short random suffix for names. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

async function pgUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function redisUp(): Promise<boolean> {
  const r = createRedis(REDIS_URL, { connectTimeoutMs: 2000 });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export const services = {
  postgres: await pgUp(),
  redis: await redisUp(),
  influx: await ping(influxTarget(INFLUX_URL)),
};

/**
 * True when `name` is up. Otherwise: in CI registers a failing test (the run must not pass without the
 * service); locally prints why the tests are skipped. Use with `describe.runIf(need('postgres'))`.
 */
export function need(name: keyof typeof services): boolean {
  if (services[name]) return true;
  const hint = { postgres: PG_ADMIN_URL, redis: REDIS_URL, influx: INFLUX_URL }[name];
  if (inCi) {
    it(`${name} is reachable (required with CI=true)`, () => {
      throw new Error(`${name} is not reachable at ${hint}; .ci/run must start it`);
    });
  } else {
    process.stderr.write(`skipping ${name} integration tests: ${name} is not reachable at ${hint}\n`);
  }
  return false;
}

/** A throw-away database, migrated; `drop` removes it (and ends the pool). */
export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** Creates `agentsched_test_<random>` through the admin database and migrates it. */
export async function createTestDatabase(migrated = true): Promise<TestDatabase> {
  const name = uniqueName('agentsched_test');
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = createPgPool(url, { connectionsMax: 8 });
  if (migrated) await migrate(pool);
  return {
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => {});
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh Redis key prefix and client; `drop` deletes every key under it. */
export async function createTestRedis() {
  const prefix = `${uniqueName('agentsched_test')}:`;
  const redis = createRedis(REDIS_URL);
  await redis.connect();
  return {
    prefix,
    redis,
    drop: async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

/** A fresh InfluxDB database name; `drop` removes the database. */
export function createTestInflux() {
  const database = uniqueName('agentsched_test');
  const target = influxTarget(INFLUX_URL);
  return {
    database,
    target,
    drop: async () => {
      await query(target, `DROP DATABASE "${database}"`).catch(() => {});
    },
  };
}
