/**
 * SubmissionStore port: the DAGs submitted to a live engine, durable before acknowledged. The server
 * calls `put` and waits for it before it hands the DAG to the core or answers the client, so an
 * acknowledged submission survives an engine crash; restart recovery replays `unfinished()`.
 * In memory: `adapters/memory/memory-submission-store.ts`; PostgreSQL comes with the persistence issue.
 */
import type { DagId, DagSpec } from '../model/types.js';

export type SubmissionStatus = 'accepted' | 'rejected' | 'completed' | 'cancelled';

/** One submitted DAG as the store keeps it. Times are engine clock ms (epoch-based). */
export interface SubmissionRecord {
  dag: DagSpec;
  status: SubmissionStatus;
  submittedAtMs: number;
  /** Who submitted it (token name), for audit. */
  submittedBy: string;
  /** Why the core rejected it, or how many tasks failed when it completed. */
  reason?: string | undefined;
  failedTasks?: number | undefined;
  finishedAtMs?: number | undefined;
  /** Per-task execution payload the core does not need (e.g. a shell command), keyed by task id. */
  commands?: Readonly<Record<string, string>> | undefined;
}

/** A final status for a stored submission, as `SubmissionStore.settle` takes it (for batched writes). */
export interface SubmissionSettle {
  dagId: DagId;
  status: Exclude<SubmissionStatus, 'accepted'>;
  reason?: string | undefined;
  failedTasks?: number | undefined;
  finishedAtMs?: number | undefined;
}

export interface SubmissionPage {
  items: SubmissionRecord[];
  /** Opaque cursor for the next page; undefined on the last page. */
  nextCursor?: string | undefined;
}

export interface SubmissionStore {
  /**
   * Stores a new submission with status `accepted`. Resolves only once the record is durable; rejects
   * with `DuplicateSubmissionError` when `record.dag.id` is already stored, so a retried POST cannot
   * create a second copy.
   */
  put(record: SubmissionRecord): Promise<void>;
  /** Updates the status (and reason / failure count / finish time) of a stored submission; no-op if unknown. */
  settle(
    dagId: DagId,
    status: Exclude<SubmissionStatus, 'accepted'>,
    details: { reason?: string; failedTasks?: number; finishedAtMs?: number },
  ): Promise<void>;
  /** One submission, or undefined. */
  get(dagId: DagId): Promise<SubmissionRecord | undefined>;
  /** Submissions in submission order, optionally by status; `limit` ≤ 1000. */
  list(
    filter: { status?: SubmissionStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<SubmissionPage>;
  /** Accepted submissions not yet completed or cancelled, in submission order: what a restart must replay. */
  unfinished(): Promise<SubmissionRecord[]>;
}

/** Thrown by `SubmissionStore.put` for a DAG id that is already stored. */
export class DuplicateSubmissionError extends Error {
  constructor(readonly dagId: DagId) {
    super(`dag id "${dagId}" was already submitted`);
    this.name = 'DuplicateSubmissionError';
  }
}
