/**
 * The set of stores a live engine server runs with. `agentsched serve` builds one from its configuration
 * (in-memory by default; the persistence issue adds PostgreSQL / Redis / InfluxDB adapters).
 */
import type { AgentStore } from './agent-store.js';
import type { EventLog } from './event-log.js';
import type { MetricsSink } from './metrics-sink.js';
import type { SubmissionStore } from './submission-store.js';
import type { TaskStore } from './task-store.js';

export interface Stores {
  submissions: SubmissionStore;
  tasks: TaskStore;
  agents: AgentStore;
  events: EventLog;
  metrics: MetricsSink;
  /** Flushes buffers and releases connections; called once at shutdown. */
  close(): Promise<void>;
}
