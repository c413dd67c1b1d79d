/**
 * Builds the stores a live engine runs with from its persistence configuration: in memory (the quick
 * start), or PostgreSQL for records (submissions, tasks, attempts, agents, DAG versions, users), Redis for
 * hot state (event stream, load and decision caches, leader lease) and InfluxDB for time series. Missing
 * optional services fall back to memory. Connection problems are reported with redacted URLs.
 */
import os from 'node:os';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { EngineEvent } from '../ports/event-log.js';
import type { Stores } from '../ports/stores.js';
import type { SubmissionSettle } from '../ports/submission-store.js';
import type { AttemptRecord, TaskOutcome } from '../ports/task-store.js';
import type { InfluxConfig, PersistenceConfig, RedisConfig } from '../server/persistence-config.js';
import { ensureDatabase, influxTarget } from './influx/influx-http.js';
import { InfluxMetricsSink } from './influx/influx-metrics-sink.js';
import { MemoryAgentLoadCache, MemoryDecisionCache } from './memory/memory-live-state-cache.js';
import { MemorySettingsStore } from './memory/memory-settings-store.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { MemoryUserStore } from './memory/memory-user-store.js';
import { MemoryDagStore } from './memory-dag-store.js';
import { createPgPool, redactError, redactUrl } from './postgres/pg-pool.js';
import { openPgStores, type PgStores } from './postgres/pg-stores.js';
import { createRedis } from './redis/redis-client.js';
import { RedisEventLog } from './redis/redis-event-log.js';
import { RedisLeaderLease } from './redis/redis-leader-lease.js';
import { RedisAgentLoadCache, RedisDecisionCache } from './redis/redis-live-state-cache.js';
import { type SideOutputStats, TeeMetricsSink, TeeTaskStore } from './tee-stores.js';

/** Thrown when a configured service cannot be reached or set up; the message names it (no secrets). */
export class StoreSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreSetupError';
  }
}

/** Stores plus what the server needs to manage them. */
export interface OpenedStores extends Stores {
  pg?: PgStores | undefined;
  influx?: InfluxMetricsSink | undefined;
  sideStats: SideOutputStats;
}

/** Opens every configured store; on failure closes what was opened and throws StoreSetupError. */
export async function openStores(
  cfg: PersistenceConfig,
  onError: (msg: string) => void,
): Promise<OpenedStores> {
  const closers: (() => Promise<void>)[] = [];
  try {
    return await open(cfg, onError, closers);
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => {});
    throw err;
  }
}

async function open(
  cfg: PersistenceConfig,
  onError: (msg: string) => void,
  closers: (() => Promise<void>)[],
): Promise<OpenedStores> {
  const mem = createMemoryStores();
  const where: Record<string, string> = { records: 'memory', hotState: 'memory', timeSeries: 'memory' };
  const pgStores = cfg.store === 'postgres' ? await openPostgres(cfg, closers) : undefined;
  if (pgStores) where.records = redactUrl(cfg.postgres!.url);
  const redis = cfg.redis ? await openRedis(cfg.redis, closers) : undefined;
  if (redis) where.hotState = `${redactUrl(cfg.redis!.url)} prefix ${cfg.redis!.keyPrefix}`;
  const influx = cfg.influx ? await openInflux(cfg.influx, onError, closers) : undefined;
  if (influx) where.timeSeries = `${influxTarget(cfg.influx!.url).shown} db ${cfg.influx!.database}`;
  const sideStats: SideOutputStats = { decisionCacheErrors: 0, loadCacheErrors: 0, metricsErrors: 0 };
  const r = cfg.redis;
  const loadCache =
    redis && r ? new RedisAgentLoadCache(redis, r.keyPrefix, r.loadTtlMs) : new MemoryAgentLoadCache(10_000);
  const decisions =
    redis && r
      ? new RedisDecisionCache(redis, r.keyPrefix, r.decisionTtlMs)
      : new MemoryDecisionCache(3_600_000);
  const metrics = new TeeMetricsSink(influx ?? mem.metrics, loadCache, sideStats);
  const tasks = new TeeTaskStore(pgStores?.tasks ?? mem.tasks, decisions, metrics, sideStats);
  // Task rows and events in one write when both live in PostgreSQL.
  const recordTurn =
    pgStores && !redis
      ? async (
          a: readonly AttemptRecord[],
          o: readonly TaskOutcome[],
          e: readonly EngineEvent[],
          settles: readonly SubmissionSettle[],
        ) => {
          await pgStores.recordTurn(a, o, e, settles);
          await tasks.progressRecorded(a, o);
        }
      : undefined;
  return {
    submissions: pgStores?.submissions ?? mem.submissions,
    tasks,
    recordTurn,
    agents: pgStores?.agents ?? mem.agents,
    events:
      redis && r
        ? new RedisEventLog(redis, r.keyPrefix, r.eventsRetainedMax)
        : (pgStores?.events ?? mem.events),
    metrics,
    dags: pgStores?.dags ?? new MemoryDagStore(),
    users: pgStores?.users ?? new MemoryUserStore(),
    settings: pgStores?.settings ?? new MemorySettingsStore(),
    loadCache,
    decisions,
    lease: redis && r?.leaderLease ? new RedisLeaderLease(redis, r.keyPrefix) : undefined,
    describe: () => ({ ...where }),
    pg: pgStores,
    influx,
    sideStats,
    close: async () => {
      for (const c of [...closers].reverse()) await c().catch(() => {});
    },
  };
}

async function openPostgres(cfg: PersistenceConfig, closers: (() => Promise<void>)[]): Promise<PgStores> {
  const pg = cfg.postgres!;
  const pool: pg.Pool = createPgPool(pg.url, {
    connectionsMax: pg.connectionsMax,
    applicationName: `agentsched ${os.hostname()}`,
  });
  closers.push(() => pool.end());
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    throw new StoreSetupError(`postgres ${redactUrl(pg.url)}: cannot connect: ${redactError(err, pg.url)}`);
  }
  try {
    return await openPgStores(pool, pg.migrate);
  } catch (err) {
    throw new StoreSetupError(`postgres ${redactUrl(pg.url)}: ${redactError(err, pg.url)}`);
  }
}

async function openRedis(r: RedisConfig, closers: (() => Promise<void>)[]): Promise<Redis> {
  const client = createRedis(r.url, { keyPrefix: r.keyPrefix });
  closers.push(async () => {
    client.disconnect();
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new StoreSetupError(`redis ${redactUrl(r.url)}: cannot connect: ${redactError(err, r.url)}`);
  }
  return client;
}

async function openInflux(
  c: InfluxConfig,
  onError: (msg: string) => void,
  closers: (() => Promise<void>)[],
): Promise<InfluxMetricsSink> {
  const target = influxTarget(c.url);
  const prepare = () => ensureDatabase(target, c.database, c.retentionPolicy, c.retention);
  // InfluxDB being down must not stop the engine: the sink buffers and prepares again before retrying.
  await prepare().catch((err) => onError(`influx ${target.shown}: ${redactError(err, c.url)} (buffering)`));
  const sink = new InfluxMetricsSink({
    url: c.url,
    database: c.database,
    retentionPolicy: c.retentionPolicy,
    flushIntervalMs: c.flushIntervalMs,
    bufferLinesMax: c.bufferLinesMax,
    onError,
    prepare,
  });
  closers.push(() => sink.close());
  return sink;
}
