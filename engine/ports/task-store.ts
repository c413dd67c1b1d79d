/**
 * TaskStore port: assignment attempts and task outcomes of a live engine, so a restarted engine knows
 * which task went to which agent under which attempt number (and which already finished). Writes are
 * batched by the server (one call per driver cycle) and are off the decision path: adapters may buffer,
 * but must keep the order of calls.
 */
import type { AgentId, DagId, TaskId } from '../model/types.js';

/** One assignment of a task to an agent. `attempt` counts from 1 per task. */
export interface AttemptRecord {
  taskId: TaskId;
  dagId: DagId;
  agentId: AgentId;
  attempt: number;
  assignedAtMs: number;
}

export type TaskOutcomeKind = 'started' | 'completed' | 'failed' | 'gave-up' | 'cancelled';

/** Something that happened to an attempt (or, for gave-up / cancelled, to the task as a whole). */
export interface TaskOutcome {
  taskId: TaskId;
  kind: TaskOutcomeKind;
  atMs: number;
  agentId?: AgentId | undefined;
  attempt?: number | undefined;
  reason?: string | undefined;
}

/**
 * What restart recovery needs to know about one task, without its whole history: the latest attempt,
 * the highest attempt number, the latest outcome of that attempt and the outcome that settled the task.
 */
export interface TaskSummary {
  taskId: TaskId;
  /** Latest attempt recorded (in record order). */
  lastAttempt: AttemptRecord;
  /** Highest attempt number recorded for the task. */
  attemptsMax: number;
  /** Kind of the latest outcome recorded for `lastAttempt` (same agent and attempt), if any. */
  lastAttemptOutcome?: TaskOutcomeKind | undefined;
  /** First completed / gave-up / cancelled outcome of the task, if it settled. */
  settled?: TaskOutcome | undefined;
}

/** Every attempt of a task plus its outcomes, oldest first. */
export interface TaskHistory {
  attempts: AttemptRecord[];
  outcomes: TaskOutcome[];
}

export interface TaskStore {
  /** Appends assignments, in the order the core made them. */
  recordAttempts(records: readonly AttemptRecord[]): Promise<void>;
  /** Appends outcomes, in the order they happened. A second `completed` for a task must be kept (audit). */
  recordOutcomes(outcomes: readonly TaskOutcome[]): Promise<void>;
  /**
   * Optional: appends attempts, then outcomes, as one atomic write (one statement and round trip where the
   * adapter can), so a crash never keeps an outcome whose attempt was lost. Writers fall back to
   * `recordAttempts` then `recordOutcomes` when an adapter lacks it.
   */
  recordProgress?(attempts: readonly AttemptRecord[], outcomes: readonly TaskOutcome[]): Promise<void>;
  /** History of one task (empty lists for an unknown task). */
  history(taskId: TaskId): Promise<TaskHistory>;
  /** Latest attempt of every task that has an attempt but no completed / gave-up / cancelled outcome. */
  inFlight(): Promise<AttemptRecord[]>;
  /**
   * Summaries of the listed tasks that have at least one attempt (others are left out), in no particular
   * order. Restart recovery reads the tasks of every unfinished DAG at once, so this must be one pass,
   * not one query per task.
   */
  summaries(taskIds: readonly TaskId[]): Promise<TaskSummary[]>;
}
