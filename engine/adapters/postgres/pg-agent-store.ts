/**
 * PostgreSQL AgentStore: one `agents` row per agent (its registered spec as columns, operator state,
 * overrides) and one `agent_tokens` row per agent (SHA-256 hex of the token only).
 */
import type pg from 'pg';
import type { AgentId, AgentSpec } from '../../model/types.js';
import type { AgentRecord, AgentStore, AgentTokenRecord } from '../../ports/agent-store.js';

interface AgentRow {
  agent_id: string;
  cluster: string;
  type: string;
  capabilities: string[];
  slots: number;
  speed: number;
  memory_mb: number;
  power_idle_w: number;
  power_max_w: number;
  admin_state: AgentRecord['adminState'];
  registered_at_ms: number;
  last_seen_at_ms: number;
  overrides: AgentRecord['overrides'] | null;
}

const COLUMNS =
  'agent_id, cluster, type, capabilities, slots, speed, memory_mb, power_idle_w, power_max_w, admin_state, registered_at_ms, last_seen_at_ms, overrides';

export class PgAgentStore implements AgentStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Creates or replaces the agent's row. */
  async upsert(record: AgentRecord): Promise<void> {
    const s = record.spec;
    await this.pool.query(
      `INSERT INTO agents (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (agent_id) DO UPDATE SET cluster = EXCLUDED.cluster, type = EXCLUDED.type,
         capabilities = EXCLUDED.capabilities, slots = EXCLUDED.slots, speed = EXCLUDED.speed,
         memory_mb = EXCLUDED.memory_mb, power_idle_w = EXCLUDED.power_idle_w, power_max_w = EXCLUDED.power_max_w,
         admin_state = EXCLUDED.admin_state, registered_at_ms = EXCLUDED.registered_at_ms,
         last_seen_at_ms = EXCLUDED.last_seen_at_ms, overrides = EXCLUDED.overrides`,
      [
        s.id,
        s.cluster,
        s.type,
        [...s.capabilities],
        s.slots,
        s.speed,
        s.memoryMb,
        s.powerIdleW,
        s.powerMaxW,
        record.adminState,
        record.registeredAtMs,
        record.lastSeenAtMs,
        record.overrides === undefined ? null : JSON.stringify(record.overrides),
      ],
    );
  }

  /** Updates the given fields of a known agent; unknown agents are left alone. */
  async patch(agentId: AgentId, fields: Partial<Omit<AgentRecord, 'spec'>>): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [agentId];
    const add = (column: string, v: unknown) => {
      values.push(v);
      sets.push(`${column} = $${values.length}`);
    };
    if (fields.adminState !== undefined) add('admin_state', fields.adminState);
    if (fields.registeredAtMs !== undefined) add('registered_at_ms', fields.registeredAtMs);
    if (fields.lastSeenAtMs !== undefined) add('last_seen_at_ms', fields.lastSeenAtMs);
    if ('overrides' in fields)
      add('overrides', fields.overrides === undefined ? null : JSON.stringify(fields.overrides));
    if (sets.length === 0) return;
    await this.pool.query(`UPDATE agents SET ${sets.join(', ')} WHERE agent_id = $1`, values);
  }

  /** Sets last-seen of many agents in one statement (never moves it backwards). */
  async touch(agentIds: readonly AgentId[], atMs: number): Promise<void> {
    if (agentIds.length === 0) return;
    await this.pool.query(
      'UPDATE agents SET last_seen_at_ms = GREATEST(last_seen_at_ms, $2) WHERE agent_id = ANY($1)',
      [agentIds, atMs],
    );
  }

  /** One record or undefined. */
  async get(agentId: AgentId): Promise<AgentRecord | undefined> {
    const r = await this.pool.query<AgentRow>(`SELECT ${COLUMNS} FROM agents WHERE agent_id = $1`, [agentId]);
    return r.rows[0] === undefined ? undefined : recordOf(r.rows[0]);
  }

  /** Every record, sorted by agent id (byte order). */
  async list(): Promise<AgentRecord[]> {
    const r = await this.pool.query<AgentRow>(`SELECT ${COLUMNS} FROM agents ORDER BY agent_id COLLATE "C"`);
    return r.rows.map(recordOf);
  }

  /** Stores a token hash, replacing the agent's earlier one. */
  async putToken(token: AgentTokenRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO agent_tokens (agent_id, token_sha256, issued_at_ms) VALUES ($1, $2, $3)
       ON CONFLICT (agent_id) DO UPDATE SET token_sha256 = EXCLUDED.token_sha256, issued_at_ms = EXCLUDED.issued_at_ms`,
      [token.agentId, token.tokenSha256, token.issuedAtMs],
    );
  }

  /** Every token record. */
  async tokens(): Promise<AgentTokenRecord[]> {
    const r = await this.pool.query<{ agent_id: string; token_sha256: string; issued_at_ms: number }>(
      'SELECT agent_id, token_sha256, issued_at_ms FROM agent_tokens ORDER BY agent_id COLLATE "C"',
    );
    return r.rows.map((x) => ({
      agentId: x.agent_id,
      tokenSha256: x.token_sha256,
      issuedAtMs: x.issued_at_ms,
    }));
  }
}

function recordOf(r: AgentRow): AgentRecord {
  const spec: AgentSpec = {
    id: r.agent_id,
    cluster: r.cluster,
    type: r.type,
    capabilities: r.capabilities,
    slots: r.slots,
    speed: r.speed,
    memoryMb: r.memory_mb,
    powerIdleW: r.power_idle_w,
    powerMaxW: r.power_max_w,
  };
  const rec: AgentRecord = {
    spec,
    adminState: r.admin_state,
    registeredAtMs: r.registered_at_ms,
    lastSeenAtMs: r.last_seen_at_ms,
  };
  if (r.overrides !== null) rec.overrides = r.overrides;
  return rec;
}
