/** In-memory AgentLoadCache and DecisionCache with expiry against an injected clock. */
import type { AgentLoadCache, DecisionCache, DecisionRecord } from '../../ports/live-state-cache.js';
import type { AgentLoadPoint } from '../../ports/metrics-sink.js';

interface Entry<T> {
  value: T;
  expiresAtMs: number;
}

/** Latest load per agent, expiring `ttlMs` after each write. */
export class MemoryAgentLoadCache implements AgentLoadCache {
  private readonly entries = new Map<string, Entry<AgentLoadPoint>>();

  constructor(
    readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Replaces each agent's entry. */
  async put(points: readonly AgentLoadPoint[]): Promise<void> {
    const expiresAtMs = this.nowMs() + this.ttlMs;
    for (const p of points) this.entries.set(p.agentId, { value: { ...p }, expiresAtMs });
  }

  /** Fresh entries of the listed agents. */
  async get(agentIds: readonly string[]): Promise<AgentLoadPoint[]> {
    const now = this.nowMs();
    const out: AgentLoadPoint[] = [];
    for (const id of agentIds) {
      const e = this.entries.get(id);
      if (e && e.expiresAtMs > now) out.push(e.value);
    }
    return out;
  }

  /** Every fresh entry by agent id (expired ones are dropped). */
  async all(): Promise<AgentLoadPoint[]> {
    const now = this.nowMs();
    for (const [id, e] of this.entries) if (e.expiresAtMs <= now) this.entries.delete(id);
    return this.get([...this.entries.keys()].sort());
  }
}

/** Latest decision per task, expiring `ttlMs` after its write. */
export class MemoryDecisionCache implements DecisionCache {
  private readonly entries = new Map<string, Entry<DecisionRecord>>();

  constructor(
    readonly ttlMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Replaces each task's entry (later decisions in the batch win). */
  async put(decisions: readonly DecisionRecord[]): Promise<void> {
    const expiresAtMs = this.nowMs() + this.ttlMs;
    for (const d of decisions) this.entries.set(d.taskId, { value: { ...d }, expiresAtMs });
  }

  /** The fresh entry, or undefined. */
  async get(taskId: string): Promise<DecisionRecord | undefined> {
    const e = this.entries.get(taskId);
    if (!e) return undefined;
    if (e.expiresAtMs > this.nowMs()) return e.value;
    this.entries.delete(taskId);
    return undefined;
  }
}
