/** Subscription filters for live events: by agent, cluster, DAG and event kind (each a set; empty = any). */
import type { EngineEvent, EngineEventKind } from '../../ports/event-log.js';

export const EVENT_KINDS: readonly EngineEventKind[] = [
  'task',
  'decision',
  'dag',
  'agent',
  'agent-load',
  'alert',
  'migration',
];

export interface EventFilter {
  kinds: ReadonlySet<string>;
  agents: ReadonlySet<string>;
  clusters: ReadonlySet<string>;
  dags: ReadonlySet<string>;
}

export const MATCH_ALL: EventFilter = {
  kinds: new Set(),
  agents: new Set(),
  clusters: new Set(),
  dags: new Set(),
};

/** True when `e` passes every non-empty set of `f`. */
export function matches(f: EventFilter, e: EngineEvent): boolean {
  if (f.kinds.size > 0 && !f.kinds.has(e.kind)) return false;
  if (f.agents.size > 0 && (e.agentId === undefined || !f.agents.has(e.agentId))) return false;
  if (f.clusters.size > 0 && (e.cluster === undefined || !f.clusters.has(e.cluster))) return false;
  if (f.dags.size > 0 && (e.dagId === undefined || !f.dags.has(e.dagId))) return false;
  return true;
}
