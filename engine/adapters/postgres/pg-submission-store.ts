/**
 * PostgreSQL SubmissionStore: a `submissions` row per DAG plus its tasks (with their shell commands) and
 * dependency edges as rows, written in one transaction, so `put` resolving means all of it is durable.
 * Paging uses the submission sequence number as the cursor.
 */
import type pg from 'pg';
import type { DagId, DagSpec } from '../../model/types.js';
import {
  DuplicateSubmissionError,
  type SubmissionPage,
  type SubmissionRecord,
  type SubmissionSettle,
  type SubmissionStatus,
  type SubmissionStore,
} from '../../ports/submission-store.js';
import { type CopyPart, copyIn, isServerError, sqlNumber, sqlText } from './pg-copy.js';
import { inTransaction } from './pg-pool.js';
import { type EdgeRow, TASK_COLUMNS, type TaskRow, taskCopyParts, tasksFromRows } from './task-rows.js';

interface SubmissionRow {
  dag_id: string;
  seq: number;
  status: SubmissionStatus;
  submitted_at_ms: number;
  submitted_by: string;
  reason: string | null;
  failed_tasks: number | null;
  finished_at_ms: number | null;
  labels: Record<string, string> | null;
}

const SUBMISSION_COLUMNS =
  'dag_id, seq, status, submitted_at_ms, submitted_by, reason, failed_tasks, finished_at_ms, labels';

/** The leader fence as `put` sees it. */
export interface WriteFence {
  /** True once this engine claimed leadership (before that there is nothing to check). */
  claimed(): boolean;
  /** Called inside `put`'s transaction; throws when a newer leader took over. */
  check(client: pg.PoolClient): Promise<void>;
}

export class PgSubmissionStore implements SubmissionStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly fence?: WriteFence | undefined,
  ) {}

  /**
   * Stores the submission, its tasks and edges in one transaction; duplicate DAG ids are refused. One
   * round trip (the submission row, then COPY of task rows and edges, as one simple-protocol Query);
   * behind the fence check in an explicit transaction once this engine claimed leadership.
   */
  async put(record: SubmissionRecord): Promise<void> {
    const dag = record.dag;
    const parts = [submissionInsert(record), ...taskCopyParts(dag.id, dag.tasks, record.commands ?? {})];
    try {
      const fence = this.fence;
      if (fence?.claimed())
        await inTransaction(this.pool, async (c) => {
          await fence.check(c);
          await copyIn(c, parts);
        });
      else await copyIn(this.pool, parts);
    } catch (err) {
      if (
        isServerError(err) &&
        err.code === '23505' &&
        (err as { constraint?: string }).constraint === 'submissions_pkey'
      )
        throw new DuplicateSubmissionError(dag.id);
      throw err;
    }
  }

  /** Sets the final status and details of a stored submission. */
  async settle(
    dagId: DagId,
    status: Exclude<SubmissionStatus, 'accepted'>,
    details: { reason?: string; failedTasks?: number; finishedAtMs?: number },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE submissions SET status = $2, reason = COALESCE($3, reason),
         failed_tasks = COALESCE($4, failed_tasks), finished_at_ms = COALESCE($5, finished_at_ms)
       WHERE dag_id = $1`,
      [dagId, status, details.reason ?? null, details.failedTasks ?? null, details.finishedAtMs ?? null],
    );
  }

  /** One submission with its DAG rebuilt from rows. */
  async get(dagId: DagId): Promise<SubmissionRecord | undefined> {
    const r = await this.pool.query<SubmissionRow>(
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE dag_id = $1`,
      [dagId],
    );
    return (await this.hydrate(r.rows))[0];
  }

  /** A page of submissions in submission order; the cursor is the last sequence number seen. */
  async list(
    filter: { status?: SubmissionStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<SubmissionPage> {
    const after = page.cursor === undefined ? 0 : Number.parseInt(page.cursor, 10) || 0;
    const limit = Math.max(1, Math.min(1000, page.limit));
    const r = await this.pool.query<SubmissionRow>(
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions
       WHERE seq > $1 AND ($2::text IS NULL OR status = $2) ORDER BY seq LIMIT $3`,
      [after, filter.status ?? null, limit + 1],
    );
    const rows = r.rows.slice(0, limit);
    const more = r.rows.length > limit;
    return {
      items: await this.hydrate(rows),
      nextCursor: more ? String(rows[rows.length - 1]!.seq) : undefined,
    };
  }

  /** Accepted submissions, in order, with their DAGs (three queries whatever their number). */
  async unfinished(): Promise<SubmissionRecord[]> {
    const r = await this.pool.query<SubmissionRow>(
      `SELECT ${SUBMISSION_COLUMNS} FROM submissions WHERE status = 'accepted' ORDER BY seq`,
    );
    return this.hydrate(r.rows);
  }

  /** Loads tasks, edges and commands of `rows` and builds the records, keeping the rows' order. */
  private async hydrate(rows: SubmissionRow[]): Promise<SubmissionRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((x) => x.dag_id);
    const [tasks, edges] = await Promise.all([
      this.pool.query<TaskRow & { dag_id: string; command: string | null }>(
        `SELECT dag_id, command, ${TASK_COLUMNS} FROM tasks WHERE dag_id = ANY($1) ORDER BY dag_id, ordinal`,
        [ids],
      ),
      this.pool.query<EdgeRow & { dag_id: string }>(
        `SELECT dag_id, child_task_id, parent_task_id FROM task_edges WHERE dag_id = ANY($1)
         ORDER BY dag_id, child_task_id, ordinal`,
        [ids],
      ),
    ]);
    const taskRows = groupBy(tasks.rows, (t) => t.dag_id);
    const edgeRows = groupBy(edges.rows, (e) => e.dag_id);
    return rows.map((row) => recordOf(row, taskRows.get(row.dag_id) ?? [], edgeRows.get(row.dag_id) ?? []));
  }
}

/**
 * The final statuses of `settles` as one UPDATE with its values inlined (a plain part of a batch's
 * Query, after the outcomes it follows); undefined for none. A DAG named twice gets its last status.
 */
export function settlesPart(settles: readonly SubmissionSettle[]): CopyPart | undefined {
  if (settles.length === 0) return undefined;
  const last = new Map<string, SubmissionSettle>();
  for (const s of settles) last.set(s.dagId, s);
  const values = [...last.values()].map(
    (s) =>
      `(${sqlText(s.dagId)}, ${sqlText(s.status)}, ${sqlText(s.reason)}, ${sqlNumber(s.failedTasks)}::integer, ${sqlNumber(s.finishedAtMs)}::bigint)`,
  );
  return {
    sql: `UPDATE submissions AS s SET status = v.status, reason = COALESCE(v.reason, s.reason),
      failed_tasks = COALESCE(v.failed_tasks, s.failed_tasks), finished_at_ms = COALESCE(v.finished_at_ms, s.finished_at_ms)
      FROM (VALUES ${values.join(', ')}) AS v (dag_id, status, reason, failed_tasks, finished_at_ms)
      WHERE s.dag_id = v.dag_id`,
  };
}

/** The submission row as a statement with its values inlined (it goes out with the COPY of its tasks). */
function submissionInsert(record: SubmissionRecord): CopyPart {
  const dag = record.dag;
  const values = [
    sqlText(dag.id),
    sqlText(record.status),
    sqlNumber(record.submittedAtMs),
    sqlText(record.submittedBy),
    sqlText(record.reason),
    sqlNumber(record.failedTasks),
    sqlNumber(record.finishedAtMs),
    dag.labels === undefined ? 'NULL' : `${sqlText(JSON.stringify(dag.labels))}::jsonb`,
  ];
  return {
    sql: `INSERT INTO submissions (dag_id, status, submitted_at_ms, submitted_by, reason, failed_tasks, finished_at_ms, labels)
      VALUES (${values.join(', ')})`,
  };
}

function recordOf(
  row: SubmissionRow,
  tasks: (TaskRow & { command: string | null })[],
  edges: EdgeRow[],
): SubmissionRecord {
  const dag: DagSpec = { id: row.dag_id, tasks: tasksFromRows(tasks, edges) };
  if (row.labels !== null) (dag as { labels?: Record<string, string> }).labels = row.labels;
  const commands: Record<string, string> = {};
  for (const t of tasks) if (t.command !== null) commands[t.task_id] = t.command;
  const rec: SubmissionRecord = {
    dag,
    status: row.status,
    submittedAtMs: row.submitted_at_ms,
    submittedBy: row.submitted_by,
    commands,
  };
  if (row.reason !== null) rec.reason = row.reason;
  if (row.failed_tasks !== null) rec.failedTasks = row.failed_tasks;
  if (row.finished_at_ms !== null) rec.finishedAtMs = row.finished_at_ms;
  return rec;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
