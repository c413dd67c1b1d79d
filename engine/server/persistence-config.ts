/**
 * Where a live engine keeps its state: `store: memory` (the quick start, nothing survives a restart) or
 * `store: postgres`, optionally with Redis (hot state, event stream, leader lease) and InfluxDB (time
 * series). Connection URLs come from the environment (AGENTSCHED_PG_URL, AGENTSCHED_REDIS_URL,
 * AGENTSCHED_INFLUX_URL), from `urlEnv` / `urlFile`, or inline in the config file when they hold no
 * password. Errors name the field; URLs are never echoed with their password.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.js';

export type StoreKind = 'memory' | 'postgres';

export interface PostgresConfig {
  url: string;
  connectionsMax: number;
  /** Apply pending migrations at start-up instead of refusing to start. */
  migrate: boolean;
}

export interface RedisConfig {
  url: string;
  keyPrefix: string;
  /** Agent load cache entries expire this long after the agent's last heartbeat. */
  loadTtlMs: number;
  decisionTtlMs: number;
  /** Take the leader lease before serving (standby replicas wait for it). */
  leaderLease: boolean;
  leaseTtlMs: number;
  /** Events kept in the stream (approximate trim). */
  eventsRetainedMax: number;
}

export interface InfluxConfig {
  url: string;
  database: string;
  retentionPolicy: string;
  /** How long InfluxDB keeps points, e.g. 30d or INF. */
  retention: string;
  flushIntervalMs: number;
  bufferLinesMax: number;
}

export interface PersistenceConfig {
  store: StoreKind;
  postgres?: PostgresConfig | undefined;
  redis?: RedisConfig | undefined;
  influx?: InfluxConfig | undefined;
}

export const PERSISTENCE_KEYS = ['store', 'postgres', 'redis', 'influx'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function section(raw: Obj, key: string, allowed: readonly string[]): Obj | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new ConfigError(`${key}: expected an object`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k))
      throw new ConfigError(`${key}.${k}: unknown field (known: ${allowed.join(', ')})`);
  }
  return v;
}

function intOf(o: Obj, key: string, path: string, min: number, max: number, dflt: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ConfigError(
      `${path}.${key}: expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`,
    );
  return v;
}

function strOf(o: Obj, key: string, path: string, dflt: string): string {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${path}.${key}: expected a non-empty string`);
  return v;
}

function boolOf(o: Obj, key: string, path: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean')
    throw new ConfigError(`${path}.${key}: expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** True when `url` carries a password (so it must not sit in a config file). */
function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** Resolves a URL from `url` / `urlEnv` / `urlFile` in `o`, else the conventional variable; undefined when none. */
function urlOf(
  o: Obj | undefined,
  path: string,
  envName: string,
  env: NodeJS.ProcessEnv,
  schemes: string[],
): string | undefined {
  let url: string | undefined;
  let from = envName;
  if (o?.url !== undefined) {
    url = strOf(o, 'url', path, '');
    if (hasPassword(url))
      throw new ConfigError(`${path}.url: inline passwords are not allowed; use urlEnv or urlFile`);
    from = `${path}.url`;
  } else if (o?.urlEnv !== undefined) {
    const name = strOf(o, 'urlEnv', path, '');
    url = env[name];
    if (!url) throw new ConfigError(`${path}.urlEnv: environment variable ${name} is not set`);
    from = name;
  } else if (o?.urlFile !== undefined) {
    const file = strOf(o, 'urlFile', path, '');
    try {
      url = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(
        `${path}.urlFile: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    from = `${path}.urlFile`;
  } else {
    url = env[envName] || undefined;
  }
  if (url === undefined) return undefined;
  let scheme: string;
  try {
    scheme = new URL(url).protocol.replace(':', '');
  } catch {
    throw new ConfigError(`${from}: not a URL (expected ${schemes[0]}://host:port/…)`);
  }
  if (!schemes.includes(scheme))
    throw new ConfigError(`${from}: expected a ${schemes.join(' or ')} URL, got ${scheme}:`);
  return url;
}

const URL_KEYS = ['url', 'urlEnv', 'urlFile'];

function postgresOf(raw: Obj, env: NodeJS.ProcessEnv, store: StoreKind): PostgresConfig | undefined {
  const o = section(raw, 'postgres', [...URL_KEYS, 'connectionsMax', 'migrate']);
  const url = urlOf(o, 'postgres', 'AGENTSCHED_PG_URL', env, ['postgres', 'postgresql']);
  if (url === undefined) {
    if (store === 'postgres')
      throw new ConfigError(
        'postgres: store is postgres but no URL is set (AGENTSCHED_PG_URL, postgres.urlEnv or postgres.url)',
      );
    return undefined;
  }
  return {
    url,
    connectionsMax: intOf(o ?? {}, 'connectionsMax', 'postgres', 1, 1000, 10),
    migrate: boolOf(o ?? {}, 'migrate', 'postgres', false),
  };
}

function redisOf(raw: Obj, env: NodeJS.ProcessEnv): RedisConfig | undefined {
  const keys = [
    ...URL_KEYS,
    'keyPrefix',
    'loadTtlMs',
    'decisionTtlMs',
    'leaderLease',
    'leaseTtlMs',
    'eventsRetainedMax',
  ];
  const o = section(raw, 'redis', keys);
  const url = urlOf(o, 'redis', 'AGENTSCHED_REDIS_URL', env, ['redis', 'rediss']);
  if (url === undefined) return undefined;
  const c = o ?? {};
  return {
    url,
    keyPrefix: strOf(c, 'keyPrefix', 'redis', 'agentsched:'),
    loadTtlMs: intOf(c, 'loadTtlMs', 'redis', 100, 86_400_000, 10_000),
    decisionTtlMs: intOf(c, 'decisionTtlMs', 'redis', 100, 86_400_000 * 7, 3_600_000),
    leaderLease: boolOf(c, 'leaderLease', 'redis', true),
    leaseTtlMs: intOf(c, 'leaseTtlMs', 'redis', 500, 600_000, 5000),
    eventsRetainedMax: intOf(c, 'eventsRetainedMax', 'redis', 1000, 100_000_000, 1_000_000),
  };
}

function influxOf(raw: Obj, env: NodeJS.ProcessEnv): InfluxConfig | undefined {
  const keys = [...URL_KEYS, 'database', 'retentionPolicy', 'retention', 'flushIntervalMs', 'bufferLinesMax'];
  const o = section(raw, 'influx', keys);
  const url = urlOf(o, 'influx', 'AGENTSCHED_INFLUX_URL', env, ['http', 'https']);
  if (url === undefined) return undefined;
  const c = o ?? {};
  const retention = strOf(c, 'retention', 'influx', '30d');
  if (!/^(\d+(ns|u|µ|ms|s|m|h|d|w))+$|^INF$/.test(retention))
    throw new ConfigError(
      `influx.retention: expected a duration like 30d or INF, got ${JSON.stringify(retention)}`,
    );
  return {
    url,
    database: strOf(c, 'database', 'influx', 'agentsched'),
    retentionPolicy: strOf(c, 'retentionPolicy', 'influx', 'agentsched'),
    retention,
    flushIntervalMs: intOf(c, 'flushIntervalMs', 'influx', 10, 600_000, 1000),
    bufferLinesMax: intOf(c, 'bufferLinesMax', 'influx', 1000, 50_000_000, 500_000),
  };
}

/**
 * Reads `store`, `postgres`, `redis` and `influx` from a parsed config object (other keys are ignored),
 * filling URLs from `env`. `storeOverride` (the `--store` flag) wins over the file.
 */
export function parsePersistence(
  raw: Obj,
  env: NodeJS.ProcessEnv = process.env,
  storeOverride?: string,
): PersistenceConfig {
  const store = storeOverride ?? raw.store ?? 'memory';
  if (store !== 'memory' && store !== 'postgres') {
    const field = storeOverride === undefined ? 'store' : '--store';
    throw new ConfigError(`${field}: expected memory or postgres, got ${JSON.stringify(store)}`);
  }
  return {
    store,
    postgres: postgresOf(raw, env, store),
    redis: redisOf(raw, env),
    influx: influxOf(raw, env),
  };
}

/**
 * Applies the `--store` flag to what the config file gave (or, with no file, to the environment alone):
 * choosing postgres without a postgres section takes the URL from AGENTSCHED_PG_URL.
 */
export function persistenceWithFlag(
  current: PersistenceConfig | undefined,
  storeFlag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): PersistenceConfig {
  if (current === undefined) return parsePersistence({}, env, storeFlag);
  if (storeFlag === undefined) return current;
  const fromEnv = parsePersistence({}, env, storeFlag);
  return { ...current, store: fromEnv.store, postgres: current.postgres ?? fromEnv.postgres };
}
