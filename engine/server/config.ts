/**
 * Live server configuration: defaults, loading from a YAML/JSON file and validation. Problems are
 * reported as `ConfigError` naming the field, the value and what was expected. Secrets are references
 * (`tokenFile` / `tokenEnv`), never inline values.
 */
import type { EngineConfigInput } from '../core/state.js';
import type { Role } from './auth/roles.js';
import type { SecretRef } from './auth/secrets.js';
import type { ForecastConfig } from './forecast-config.js';
import type { PersistenceConfig, StoreKind } from './persistence-config.js';

export interface ApiTokenConfig {
  name: string;
  role: Role;
  secret: SecretRef;
}

export interface AgentTokenConfig {
  name: string;
  /** Binds the token to one agent id; omitted: any agent (a fleet-wide token). */
  agentId?: string | undefined;
  secret: SecretRef;
}

export interface ServerLimits {
  /** Largest REST request body. */
  bodyBytesMax: number;
  /** Largest gRPC message either way. */
  grpcMessageBytesMax: number;
  /** Agents registered at once; more get RESOURCE_EXHAUSTED. */
  agentsMax: number;
  /** Tasks not yet settled (waiting, ready, assigned, running); a submission past this gets 429. */
  pendingTasksMax: number;
  /** Stimuli waiting for the driver; a submission past this gets 429. */
  stimulusQueueMax: number;
  /** Tasks in one DAG submission. */
  tasksPerDagMax: number;
  wsClientsMax: number;
  /** Bytes buffered to one WebSocket client before events are dropped for it. */
  wsBufferedBytesMax: number;
  /** Largest WebSocket message a client may send. */
  wsMessageBytesMax: number;
}

export interface TlsConfig {
  certFile: string;
  keyFile: string;
  /** CA that signs agent certificates; with it, agents must present a client certificate (mTLS). */
  caFile?: string | undefined;
}

export interface ServerConfig {
  /** Listen address; loopback by default. */
  host: string;
  /** 0 picks a free port. */
  httpPort: number;
  grpcPort: number;
  seed: number;
  engine: EngineConfigInput;
  apiTokens: ApiTokenConfig[];
  agentTokens: AgentTokenConfig[];
  limits: ServerLimits;
  grpcTls?: TlsConfig | undefined;
  /** An agent whose stream dropped gets this long to reconnect before the core hears AgentLeft. */
  disconnectGraceMs: number;
  /** When set, every stimulus with its time and the commands it produced is written here (NDJSON) at shutdown. */
  journalFile?: string | undefined;
  /** gRPC keepalive ping interval. */
  keepaliveMs: number;
  /** Record store: `memory` (default, nothing survives a restart) or `postgres`. */
  store: StoreKind;
  /** Store connections (PostgreSQL, Redis, InfluxDB); see persistence-config.ts. Absent: all in memory. */
  persistence?: PersistenceConfig | undefined;
  /** Load forecasting from heartbeats in a worker thread (forecast-config.ts). Absent (default): off. */
  forecast?: ForecastConfig | undefined;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytesMax: 4 * 1024 * 1024,
  grpcMessageBytesMax: 4 * 1024 * 1024,
  agentsMax: 20_000,
  pendingTasksMax: 1_000_000,
  stimulusQueueMax: 200_000,
  tasksPerDagMax: 100_000,
  wsClientsMax: 256,
  wsBufferedBytesMax: 4 * 1024 * 1024,
  wsMessageBytesMax: 64 * 1024,
};

/**
 * Fault-detector settings for real networks and shared machines, where heartbeats arrive with hundreds of
 * ms of jitter and an assignment can take a while to reach a busy agent: a wider phi floor, one probe with
 * a longer answer time, and five heartbeats before an unlisted attempt counts as lost on the wire. A dead
 * agent process is still noticed at once (its stream breaks and the core hears AgentLeft).
 */
export const LIVE_FAULT_DEFAULTS = {
  phiMinStdMs: 250,
  probesMax: 1,
  probeTimeoutMs: 500,
  reconcileGraceMs: 5000,
};

/** Defaults: loopback, random ports, heartbeat every second, nothing authorised until tokens are configured. */
export function defaultServerConfig(): ServerConfig {
  return {
    host: '127.0.0.1',
    httpPort: 8080,
    grpcPort: 50051,
    seed: 1,
    engine: {
      heartbeatIntervalMs: 1000,
      heartbeatTimeoutMs: 2500,
      keepStory: false,
      // A long-running engine: size the per-task columns for 256k tasks up front (pages are committed as
      // tasks arrive), so growing them never pauses assignment.
      initialTaskCapacity: 1 << 18,
      faults: { ...LIVE_FAULT_DEFAULTS },
    },
    apiTokens: [],
    agentTokens: [],
    limits: { ...DEFAULT_LIMITS },
    disconnectGraceMs: 0,
    keepaliveMs: 10_000,
    store: 'memory',
    logLevel: 'info',
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
