/**
 * PostgreSQL EventLog: `engine_events` keyed by `seq`, appended with one COPY per batch (pg-copy.ts).
 * A re-sent batch (same seq) is ignored rather than failing, so a retried write is harmless: COPY refuses
 * the duplicate key and the batch is written again with a multi-row INSERT … ON CONFLICT DO NOTHING.
 */
import type pg from 'pg';
import type { EngineEvent, EngineEventKind, EventLog } from '../../ports/event-log.js';
import { type CopyPart, copyIn, copyJson, copyNumber, copyText, isServerError } from './pg-copy.js';

interface EventRow {
  seq: number;
  at_ms: number;
  kind: EngineEventKind;
  type: string;
  task_id: string | null;
  dag_id: string | null;
  agent_id: string | null;
  cluster: string | null;
  attempt: number | null;
  detail: string | null;
  load: EngineEvent['load'] | null;
}

const COLUMNS = 'seq, at_ms, kind, type, task_id, dag_id, agent_id, cluster, attempt, detail, load';

const EVENTS_COPY = `COPY engine_events (${COLUMNS}) FROM STDIN`;

/** Events as a COPY part. */
export function eventsPart(events: readonly EngineEvent[]): CopyPart {
  let rows = '';
  for (const e of events)
    rows += `${copyNumber(e.seq)}\t${copyNumber(e.atMs)}\t${copyText(e.kind)}\t${copyText(e.type)}\t${copyText(e.taskId)}\t${copyText(e.dagId)}\t${copyText(e.agentId)}\t${copyText(e.cluster)}\t${copyNumber(e.attempt)}\t${copyText(e.detail)}\t${copyJson(e.load)}\n`;
  return { sql: EVENTS_COPY, rows };
}

/** True when `err` is a duplicate key: some event of the batch is stored already. */
export function isDuplicateKey(err: unknown): boolean {
  return isServerError(err) && err.code === '23505';
}

/** The fallback for a batch holding stored events: a prepared statement skipping them. */
const APPEND_SKIPPING_STORED = {
  name: 'agentsched_append_events',
  text: `INSERT INTO engine_events (${COLUMNS})
    SELECT seq, "atMs", kind, type, "taskId", "dagId", "agentId", cluster, attempt, detail, load
    FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, "atMs" bigint, kind text, type text, "taskId" text,
      "dagId" text, "agentId" text, cluster text, attempt int, detail text, load jsonb)
    ON CONFLICT (seq) DO NOTHING`,
};

export class PgEventLog implements EventLog {
  constructor(private readonly pool: pg.Pool) {}

  /** Appends a batch in one statement (COPY; INSERT skipping stored seqs when some are stored already). */
  async append(events: readonly EngineEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await copyIn(this.pool, [eventsPart(events)]);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.appendSkippingStored(events);
    }
  }

  /** Appends the events whose seq is not stored yet (the events' own JSON read as records). */
  async appendSkippingStored(events: readonly EngineEvent[]): Promise<void> {
    await this.pool.query(APPEND_SKIPPING_STORED, [JSON.stringify(events)]);
  }

  /** Events after `afterSeq`, oldest first, at most `limit`. */
  async read(afterSeq: number, limit: number): Promise<EngineEvent[]> {
    const r = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM engine_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, Math.max(0, limit)],
    );
    return r.rows.map(eventOf);
  }

  /** Highest seq stored (0 when empty). */
  async lastSeq(): Promise<number> {
    const r = await this.pool.query<{ s: number | null }>('SELECT MAX(seq) AS s FROM engine_events');
    return r.rows[0]?.s ?? 0;
  }
}

function eventOf(r: EventRow): EngineEvent {
  const e: EngineEvent = { seq: r.seq, atMs: r.at_ms, kind: r.kind, type: r.type };
  if (r.task_id !== null) e.taskId = r.task_id;
  if (r.dag_id !== null) e.dagId = r.dag_id;
  if (r.agent_id !== null) e.agentId = r.agent_id;
  if (r.cluster !== null) e.cluster = r.cluster;
  if (r.attempt !== null) e.attempt = r.attempt;
  if (r.detail !== null) e.detail = r.detail;
  if (r.load !== null) e.load = r.load;
  return e;
}
