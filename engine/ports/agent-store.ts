/**
 * AgentStore port: the agent registry of a live engine (what each agent registered with, when it was
 * last seen, and operator state such as drained or isolated), plus the per-agent tokens an admin issued.
 * Tokens are stored hashed (SHA-256 hex); the plain token is shown once, at issue time.
 */
import type { AgentId, AgentSpec } from '../model/types.js';

export type AgentAdminState = 'active' | 'draining' | 'isolated';

export interface AgentRecord {
  spec: AgentSpec;
  adminState: AgentAdminState;
  /** Engine clock ms of the last registration and of the last heartbeat seen. */
  registeredAtMs: number;
  lastSeenAtMs: number;
  /** Overrides an admin set (applied when the agent next registers). */
  overrides?: { slots?: number; capabilities?: string[]; cluster?: string } | undefined;
}

export interface AgentTokenRecord {
  agentId: AgentId;
  /** SHA-256 hex of the token. */
  tokenSha256: string;
  issuedAtMs: number;
}

export interface AgentStore {
  /** Creates or replaces the record of `record.spec.id`. */
  upsert(record: AgentRecord): Promise<void>;
  /** Changes fields of an existing record; no-op for an unknown agent. */
  patch(agentId: AgentId, fields: Partial<Omit<AgentRecord, 'spec'>>): Promise<void>;
  /** Records the last-seen time of many agents at once (heartbeats are batched). */
  touch(agentIds: readonly AgentId[], atMs: number): Promise<void>;
  get(agentId: AgentId): Promise<AgentRecord | undefined>;
  /** Every record, sorted by agent id. */
  list(): Promise<AgentRecord[]>;
  /** Stores an issued per-agent token (hash only); replaces an earlier token of the same agent. */
  putToken(token: AgentTokenRecord): Promise<void>;
  /** Every issued token record (loaded into memory by the gateway at start-up). */
  tokens(): Promise<AgentTokenRecord[]>;
}
