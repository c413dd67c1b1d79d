/** In-memory AgentStore. */
import type { AgentId } from '../../model/types.js';
import type { AgentRecord, AgentStore, AgentTokenRecord } from '../../ports/agent-store.js';

export class MemoryAgentStore implements AgentStore {
  private readonly agents = new Map<AgentId, AgentRecord>();
  private readonly tokenByAgent = new Map<AgentId, AgentTokenRecord>();

  /** Creates or replaces a record. */
  async upsert(record: AgentRecord): Promise<void> {
    this.agents.set(record.spec.id, { ...record });
  }

  /** Updates fields of a known agent. */
  async patch(agentId: AgentId, fields: Partial<Omit<AgentRecord, 'spec'>>): Promise<void> {
    const rec = this.agents.get(agentId);
    if (rec) Object.assign(rec, fields);
  }

  /** Sets last-seen for many agents. */
  async touch(agentIds: readonly AgentId[], atMs: number): Promise<void> {
    for (const id of agentIds) {
      const rec = this.agents.get(id);
      if (rec) rec.lastSeenAtMs = atMs;
    }
  }

  /** One record or undefined. */
  async get(agentId: AgentId): Promise<AgentRecord | undefined> {
    return this.agents.get(agentId);
  }

  /** All records sorted by id. */
  async list(): Promise<AgentRecord[]> {
    return [...this.agents.values()].sort((a, b) =>
      a.spec.id < b.spec.id ? -1 : a.spec.id > b.spec.id ? 1 : 0,
    );
  }

  /** Stores a token hash, replacing the agent's earlier one. */
  async putToken(token: AgentTokenRecord): Promise<void> {
    this.tokenByAgent.set(token.agentId, token);
  }

  /** Every token record. */
  async tokens(): Promise<AgentTokenRecord[]> {
    return [...this.tokenByAgent.values()];
  }
}
