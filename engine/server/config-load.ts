/**
 * Loading and field-by-field validation of the server config; every error names the field path.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ROLES, type Role } from './auth/roles.js';
import type { SecretRef } from './auth/secrets.js';
import {
  type AgentTokenConfig,
  type ApiTokenConfig,
  ConfigError,
  defaultServerConfig,
  type ServerConfig,
  type ServerLimits,
} from './config.js';
import { parseForecastConfig } from './forecast-config.js';
import { parsePersistence } from './persistence-config.js';

type Obj = Record<string, unknown>;

const TOP_KEYS = new Set([
  'host',
  'httpPort',
  'grpcPort',
  'seed',
  'engine',
  'apiTokens',
  'agentTokens',
  'limits',
  'grpcTls',
  'disconnectGraceMs',
  'journalFile',
  'keepaliveMs',
  'store',
  'postgres',
  'redis',
  'influx',
  'logLevel',
  'forecast',
]);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(o: Obj, key: string, path: string, min: number, max: number, dflt: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(
      `${path}.${key}: expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function str(o: Obj, key: string, path: string, dflt?: string): string {
  const v = o[key];
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || v === '') {
    throw new ConfigError(`${path}.${key}: expected a non-empty string, got ${JSON.stringify(v)}`);
  }
  return v;
}

function secretOf(o: Obj, path: string): SecretRef {
  if ('token' in o) {
    throw new ConfigError(`${path}.token: inline secrets are not allowed; use tokenFile or tokenEnv`);
  }
  if (typeof o.tokenFile === 'string' && o.tokenFile !== '') return { file: o.tokenFile };
  if (typeof o.tokenEnv === 'string' && o.tokenEnv !== '') return { env: o.tokenEnv };
  throw new ConfigError(`${path}: expected tokenFile or tokenEnv`);
}

function apiTokens(v: unknown, path: string): ApiTokenConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${path}: expected a list`);
  return v.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) throw new ConfigError(`${p}: expected an object`);
    const role = item.role;
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new ConfigError(`${p}.role: expected one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
    }
    return { name: str(item, 'name', p), role: role as Role, secret: secretOf(item, p) };
  });
}

function agentTokens(v: unknown, path: string): AgentTokenConfig[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${path}: expected a list`);
  return v.map((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) throw new ConfigError(`${p}: expected an object`);
    const agentId = item.agentId === undefined ? undefined : str(item, 'agentId', p);
    return { name: str(item, 'name', p), agentId, secret: secretOf(item, p) };
  });
}

function limits(v: unknown, base: ServerLimits): ServerLimits {
  if (v === undefined) return base;
  if (!isObj(v)) throw new ConfigError('limits: expected an object');
  const out = { ...base };
  for (const key of Object.keys(v)) {
    if (!(key in base))
      throw new ConfigError(`limits.${key}: unknown field (known: ${Object.keys(base).join(', ')})`);
    out[key as keyof ServerLimits] = int(v, key, 'limits', 1, 2 ** 31 - 1, 0);
  }
  return out;
}

/** Validates a parsed config object over the defaults; `origin` prefixes error messages. */
export function parseServerConfig(raw: unknown, origin = 'config'): ServerConfig {
  try {
    return parseObject(raw);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${origin}: ${err.message}`);
    throw err;
  }
}

function parseObject(raw: unknown): ServerConfig {
  if (!isObj(raw)) throw new ConfigError('expected a mapping at the top level');
  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.has(key))
      throw new ConfigError(`${key}: unknown field (known: ${[...TOP_KEYS].join(', ')})`);
  }
  const d = defaultServerConfig();
  const engine = raw.engine === undefined ? {} : raw.engine;
  if (!isObj(engine)) throw new ConfigError('engine: expected an object');
  const logLevel = str(raw, 'logLevel', 'config', d.logLevel);
  if (!['silent', 'error', 'warn', 'info', 'debug'].includes(logLevel)) {
    throw new ConfigError(`logLevel: expected silent, error, warn, info or debug, got "${logLevel}"`);
  }
  const persistence = parsePersistence(raw);
  let grpcTls: ServerConfig['grpcTls'];
  if (raw.grpcTls !== undefined) {
    if (!isObj(raw.grpcTls)) throw new ConfigError('grpcTls: expected an object');
    const t = raw.grpcTls;
    grpcTls = {
      certFile: str(t, 'certFile', 'grpcTls'),
      keyFile: str(t, 'keyFile', 'grpcTls'),
      caFile: t.caFile === undefined ? undefined : str(t, 'caFile', 'grpcTls'),
    };
  }
  return {
    host: str(raw, 'host', 'config', d.host),
    httpPort: int(raw, 'httpPort', 'config', 0, 65535, d.httpPort),
    grpcPort: int(raw, 'grpcPort', 'config', 0, 65535, d.grpcPort),
    seed: int(raw, 'seed', 'config', 0, Number.MAX_SAFE_INTEGER, d.seed),
    engine: {
      ...d.engine,
      ...(engine as ServerConfig['engine']),
      faults: { ...d.engine.faults, ...((engine as ServerConfig['engine']).faults ?? {}) },
    },
    apiTokens: apiTokens(raw.apiTokens, 'apiTokens'),
    agentTokens: agentTokens(raw.agentTokens, 'agentTokens'),
    limits: limits(raw.limits, d.limits),
    grpcTls,
    disconnectGraceMs: int(raw, 'disconnectGraceMs', 'config', 0, 600_000, d.disconnectGraceMs),
    journalFile: raw.journalFile === undefined ? undefined : str(raw, 'journalFile', 'config'),
    keepaliveMs: int(raw, 'keepaliveMs', 'config', 1000, 3_600_000, d.keepaliveMs),
    store: persistence.store,
    persistence,
    forecast: parseForecastConfig(raw.forecast),
    logLevel: logLevel as ServerConfig['logLevel'],
  };
}

/** Reads and validates a YAML or JSON config file over the defaults. */
export function loadServerConfig(path: string | undefined): ServerConfig {
  if (path === undefined) return withEnvTokens(defaultServerConfig());
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${path}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return withEnvTokens(parseServerConfig(raw ?? {}, path));
}

/** Adds tokens from the conventional variables AGENTSCHED_{ADMIN,OPERATOR,VIEWER,AGENT}_TOKEN when set. */
export function withEnvTokens(cfg: ServerConfig, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    const name = `AGENTSCHED_${role.toUpperCase()}_TOKEN`;
    if (env[name]) cfg.apiTokens.push({ name: `env-${role}`, role, secret: { env: name } });
  }
  if (env.AGENTSCHED_AGENT_TOKEN) {
    cfg.agentTokens.push({ name: 'env-agent', secret: { env: 'AGENTSCHED_AGENT_TOKEN' } });
  }
  return cfg;
}
