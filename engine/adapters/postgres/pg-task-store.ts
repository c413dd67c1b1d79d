/**
 * PostgreSQL TaskStore: `task_attempts` and `task_outcomes`, appended with one multi-row INSERT per batch
 * (`jsonb_to_recordset`), so a driver turn costs one round trip per kind whatever its size. Row ids keep
 * the order of calls, which `history` and recovery rely on.
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

const INSERT_ATTEMPTS = `INSERT INTO task_attempts (task_id, dag_id, agent_id, attempt, assigned_at_ms)
  SELECT "taskId", "dagId", "agentId", attempt, "assignedAtMs"
  FROM ROWS FROM (jsonb_to_recordset($1::jsonb)
    AS ("taskId" text, "dagId" text, "agentId" text, attempt int, "assignedAtMs" bigint))
    WITH ORDINALITY AS x("taskId", "dagId", "agentId", attempt, "assignedAtMs", n)
  ORDER BY n`;

const INSERT_OUTCOMES = (
  param: string,
) => `INSERT INTO task_outcomes (task_id, kind, at_ms, agent_id, attempt, reason)
  SELECT "taskId", kind, "atMs", "agentId", attempt, reason
  FROM ROWS FROM (jsonb_to_recordset(${param}::jsonb)
    AS ("taskId" text, kind text, "atMs" bigint, "agentId" text, attempt int, reason text))
    WITH ORDINALITY AS x("taskId", kind, "atMs", "agentId", attempt, reason, n)
  ORDER BY n`;

/** Attempts and outcomes in one statement (a data-modifying CTE): one round trip, atomic. */
const RECORD_PROGRESS = {
  name: 'agentsched_record_progress',
  text: `WITH a AS (${INSERT_ATTEMPTS} RETURNING 1) ${INSERT_OUTCOMES('$2')}`,
};

export class PgTaskStore implements TaskStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Appends attempts in order (one statement). */
  async recordAttempts(records: readonly AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.pool.query({ name: 'agentsched_record_attempts', text: INSERT_ATTEMPTS }, [
      JSON.stringify(records),
    ]);
  }

  /** Appends outcomes in order (one statement); duplicates are kept for audit. */
  async recordOutcomes(outcomes: readonly TaskOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.pool.query({ name: 'agentsched_record_outcomes', text: INSERT_OUTCOMES('$1') }, [
      JSON.stringify(outcomes),
    ]);
  }

  /** Appends attempts and outcomes in one prepared statement (one round trip, atomic). */
  async recordProgress(attempts: readonly AttemptRecord[], outcomes: readonly TaskOutcome[]): Promise<void> {
    if (attempts.length === 0) return this.recordOutcomes(outcomes);
    if (outcomes.length === 0) return this.recordAttempts(attempts);
    await this.pool.query(RECORD_PROGRESS, [JSON.stringify(attempts), JSON.stringify(outcomes)]);
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
