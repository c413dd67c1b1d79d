/**
 * Hot state a live engine keeps beside the core for readers outside the decision loop (other replicas,
 * dashboards, the REST API): the latest load of each agent, expiring when the agent goes quiet, and the
 * most recent placement decision per task. In memory by default; Redis in production. Writes are
 * batched and off the decision path; the core never reads this cache.
 */
import type { AgentLoadPoint } from './metrics-sink.js';

/** One placement decision (what the core's AssignTask said). */
export interface DecisionRecord {
  taskId: string;
  dagId: string;
  agentId: string;
  attempt: number;
  atMs: number;
}

export interface AgentLoadCache {
  /** Stores the latest sample of each agent; each entry expires `ttlMs` (adapter setting) after its write. */
  put(points: readonly AgentLoadPoint[]): Promise<void>;
  /** The fresh samples of the listed agents (unknown or expired ones are left out), in the listed order. */
  get(agentIds: readonly string[]): Promise<AgentLoadPoint[]>;
  /** Every fresh sample, sorted by agent id. */
  all(): Promise<AgentLoadPoint[]>;
}

export interface DecisionCache {
  /** Records decisions; a later decision for a task replaces the earlier one. Entries expire (adapter TTL). */
  put(decisions: readonly DecisionRecord[]): Promise<void>;
  /** The latest fresh decision for a task, or undefined. */
  get(taskId: string): Promise<DecisionRecord | undefined>;
}
