/**
 * PostgreSQL TaskStore: `task_attempts` and `task_outcomes`, appended with COPY (pg-copy.ts), attempts
 * and outcomes of a driver turn in one transaction and round trip whatever its size. Row ids keep the
 * order of calls, which `history` and recovery rely on.
 */
import type pg from 'pg';
import type { TaskId } from '../../model/types.js';
import type {
  AttemptRecord,
  TaskHistory,
  TaskOutcome,
  TaskOutcomeKind,
  TaskStore,
  TaskSummary,
} from '../../ports/task-store.js';
import { type CopyPart, copyIn, copyNumber, copyText } from './pg-copy.js';

interface AttemptRow {
  task_id: string;
  dag_id: string;
  agent_id: string;
  attempt: number;
  assigned_at_ms: number;
}

interface OutcomeRow {
  task_id: string;
  kind: TaskOutcomeKind;
  at_ms: number;
  agent_id: string | null;
  attempt: number | null;
  reason: string | null;
}

const SETTLED = "('completed', 'gave-up', 'cancelled')";

const ATTEMPTS_COPY = 'COPY task_attempts (task_id, dag_id, agent_id, attempt, assigned_at_ms) FROM STDIN';
const OUTCOMES_COPY = 'COPY task_outcomes (task_id, kind, at_ms, agent_id, attempt, reason) FROM STDIN';

/** Attempts as a COPY part; rows keep the order of `records`. */
export function attemptsPart(records: readonly AttemptRecord[]): CopyPart {
  let rows = '';
  for (const r of records)
    rows += `${copyText(r.taskId)}\t${copyText(r.dagId)}\t${copyText(r.agentId)}\t${copyNumber(r.attempt)}\t${copyNumber(r.assignedAtMs)}\n`;
  return { sql: ATTEMPTS_COPY, rows };
}

/** Outcomes as a COPY part; rows keep the order of `outcomes`. */
export function outcomesPart(outcomes: readonly TaskOutcome[]): CopyPart {
  let rows = '';
  for (const o of outcomes)
    rows += `${copyText(o.taskId)}\t${o.kind}\t${copyNumber(o.atMs)}\t${copyText(o.agentId)}\t${copyNumber(o.attempt)}\t${copyText(o.reason)}\n`;
  return { sql: OUTCOMES_COPY, rows };
}

export class PgTaskStore implements TaskStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Appends attempts in order (one COPY). */
  async recordAttempts(records: readonly AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    await copyIn(this.pool, [attemptsPart(records)]);
  }

  /** Appends outcomes in order (one COPY); duplicates are kept for audit. */
  async recordOutcomes(outcomes: readonly TaskOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await copyIn(this.pool, [outcomesPart(outcomes)]);
  }

  /** Appends attempts, then outcomes, in one transaction and one round trip (two COPY statements). */
  async recordProgress(attempts: readonly AttemptRecord[], outcomes: readonly TaskOutcome[]): Promise<void> {
    await copyIn(this.pool, [attemptsPart(attempts), outcomesPart(outcomes)]);
  }

  /** Attempts and outcomes of one task, oldest first. */
  async history(taskId: TaskId): Promise<TaskHistory> {
    const [a, o] = await Promise.all([
      this.pool.query<AttemptRow>(
        'SELECT task_id, dag_id, agent_id, attempt, assigned_at_ms FROM task_attempts WHERE task_id = $1 ORDER BY id',
        [taskId],
      ),
      this.pool.query<OutcomeRow>(
        'SELECT task_id, kind, at_ms, agent_id, attempt, reason FROM task_outcomes WHERE task_id = $1 ORDER BY id',
        [taskId],
      ),
    ]);
    return { attempts: a.rows.map(attemptOf), outcomes: o.rows.map(outcomeOf) };
  }

  /** Latest attempt of each task without a settling outcome. */
  async inFlight(): Promise<AttemptRecord[]> {
    const r = await this.pool.query<AttemptRow>(
      `SELECT DISTINCT ON (a.task_id) a.task_id, a.dag_id, a.agent_id, a.attempt, a.assigned_at_ms
       FROM task_attempts a
       WHERE NOT EXISTS (SELECT 1 FROM task_outcomes o WHERE o.task_id = a.task_id AND o.kind IN ${SETTLED})
       ORDER BY a.task_id, a.id DESC`,
    );
    return r.rows.map(attemptOf);
  }

  /** Recovery summaries of the listed tasks (one query). */
  async summaries(taskIds: readonly TaskId[]): Promise<TaskSummary[]> {
    if (taskIds.length === 0) return [];
    const r = await this.pool.query<
      AttemptRow & { attempts_max: number; last_kind: TaskOutcomeKind | null } & {
        s_kind: TaskOutcomeKind | null;
        s_at_ms: number | null;
        s_agent_id: string | null;
        s_attempt: number | null;
        s_reason: string | null;
      }
    >(
      `WITH ids AS (SELECT unnest($1::text[]) AS task_id),
       last AS (
         SELECT DISTINCT ON (a.task_id) a.task_id, a.dag_id, a.agent_id, a.attempt, a.assigned_at_ms
         FROM task_attempts a JOIN ids USING (task_id) ORDER BY a.task_id, a.id DESC),
       maxes AS (SELECT a.task_id, MAX(a.attempt) AS attempts_max FROM task_attempts a JOIN ids USING (task_id) GROUP BY a.task_id)
       SELECT l.*, m.attempts_max,
         (SELECT o.kind FROM task_outcomes o WHERE o.task_id = l.task_id AND o.agent_id = l.agent_id
            AND o.attempt = l.attempt ORDER BY o.id DESC LIMIT 1) AS last_kind,
         s.kind AS s_kind, s.at_ms AS s_at_ms, s.agent_id AS s_agent_id, s.attempt AS s_attempt, s.reason AS s_reason
       FROM last l JOIN maxes m USING (task_id)
       LEFT JOIN LATERAL (SELECT o.kind, o.at_ms, o.agent_id, o.attempt, o.reason FROM task_outcomes o
         WHERE o.task_id = l.task_id AND o.kind IN ${SETTLED} ORDER BY o.id LIMIT 1) s ON true`,
      [taskIds],
    );
    return r.rows.map((row) => ({
      taskId: row.task_id,
      lastAttempt: attemptOf(row),
      attemptsMax: row.attempts_max,
      lastAttemptOutcome: row.last_kind ?? undefined,
      settled:
        row.s_kind === null
          ? undefined
          : outcomeOf({
              task_id: row.task_id,
              kind: row.s_kind,
              at_ms: row.s_at_ms!,
              agent_id: row.s_agent_id,
              attempt: row.s_attempt,
              reason: row.s_reason,
            }),
    }));
  }
}

function attemptOf(r: AttemptRow): AttemptRecord {
  return {
    taskId: r.task_id,
    dagId: r.dag_id,
    agentId: r.agent_id,
    attempt: r.attempt,
    assignedAtMs: r.assigned_at_ms,
  };
}

function outcomeOf(r: OutcomeRow): TaskOutcome {
  const o: TaskOutcome = { taskId: r.task_id, kind: r.kind, atMs: r.at_ms };
  if (r.agent_id !== null) o.agentId = r.agent_id;
  if (r.attempt !== null) o.attempt = r.attempt;
  if (r.reason !== null) o.reason = r.reason;
  return o;
}
