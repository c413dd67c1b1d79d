/**
 * The set of stores a live engine server runs with. `agentsched serve` builds one from its configuration
 * (in-memory by default; the persistence issue adds PostgreSQL / Redis / InfluxDB adapters).
 */
import type { AgentStore } from './agent-store.js';
import type { DagStore } from './dag-store.js';
import type { EngineEvent, EventLog } from './event-log.js';
import type { LeaderLease } from './leader-lease.js';
import type { AgentLoadCache, DecisionCache } from './live-state-cache.js';
import type { MetricsSink } from './metrics-sink.js';
import type { SettingsStore } from './settings-store.js';
import type { SubmissionSettle, SubmissionStore } from './submission-store.js';
import type { AttemptRecord, TaskOutcome, TaskStore } from './task-store.js';
import type { UserStore } from './user-store.js';

export interface Stores {
  submissions: SubmissionStore;
  tasks: TaskStore;
  agents: AgentStore;
  events: EventLog;
  metrics: MetricsSink;
  /** DAG versions (PostgreSQL when configured). */
  dags?: DagStore | undefined;
  /** Settings changed at run time, re-applied after a restart (PostgreSQL when configured). */
  settings?: SettingsStore | undefined;
  /** Users, roles and API token digests (PostgreSQL when configured). */
  users?: UserStore | undefined;
  /** Latest agent load, expiring (Redis when configured). */
  loadCache?: AgentLoadCache | undefined;
  /** Latest placement decision per task (Redis when configured). */
  decisions?: DecisionCache | undefined;
  /** One active scheduler among replicas (Redis when configured). */
  lease?: LeaderLease | undefined;
  /**
   * Optional: one driver turn's attempts and outcomes (as `tasks.recordProgress`), its events (as
   * `events.append`) and the final statuses of DAGs settled after those outcomes (as
   * `submissions.settle`, applied last) in one atomic write and round trip, side outputs included.
   * Offered when the task store, the event log and the submission store share a database; the store
   * writer otherwise calls the ports in turn.
   */
  recordTurn?:
    | ((
        attempts: readonly AttemptRecord[],
        outcomes: readonly TaskOutcome[],
        events: readonly EngineEvent[],
        settles: readonly SubmissionSettle[],
      ) => Promise<void>)
    | undefined;
  /** Where each store lives, for logs (URLs without passwords). */
  describe?: (() => Record<string, string>) | undefined;
  /** Flushes buffers and releases connections; called once at shutdown. */
  close(): Promise<void>;
}
