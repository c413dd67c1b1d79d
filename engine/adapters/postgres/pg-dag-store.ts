/**
 * PostgreSQL DagStore: each version is a `dag_versions` row plus its tasks and dependency edges as rows
 * (`dag_version_tasks`, `dag_version_edges`), written in one transaction. The next version number is
 * taken under a per-DAG advisory lock, so concurrent commits of one DAG number 1, 2, 3 … without gaps.
 */
import type pg from 'pg';
import type { DagId, DagSpec } from '../../model/types.js';
import type { DagStore, DagVersion, DagVersionInfo, DagVersionMeta } from '../../ports/dag-store.js';
import { inTransaction } from './pg-pool.js';
import {
  EDGE_RECORD_COLUMNS,
  type EdgeRow,
  edgeRecords,
  TASK_COLUMNS,
  TASK_RECORD_COLUMNS,
  type TaskRow,
  taskRecord,
  tasksFromRows,
} from './task-rows.js';

interface VersionRow {
  dag_id: string;
  version: number;
  parent_version: number | null;
  message: string;
  created_at_ms: number;
  author: string | null;
  labels: Record<string, string> | null;
}

const INFO_COLUMNS = 'dag_id, version, parent_version, message, created_at_ms, author, labels';

export class PgDagStore implements DagStore {
  constructor(private readonly pool: pg.Pool) {}

  /** Stores `spec` as the next version (tasks and edges as rows, one transaction). */
  async commit(spec: DagSpec, meta: DagVersionMeta, parentVersion?: number | null): Promise<DagVersion> {
    const snapshot = structuredClone(spec) as DagSpec;
    const row = await inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dag:${spec.id}`]);
      const cur = await c.query<{ n: number }>(
        'SELECT COALESCE(MAX(version), 0)::int AS n FROM dag_versions WHERE dag_id = $1',
        [spec.id],
      );
      const latest = cur.rows[0]?.n ?? 0;
      if (parentVersion != null && (parentVersion < 1 || parentVersion > latest))
        throw new RangeError(`dag ${spec.id} has no version ${parentVersion}`);
      const version = latest + 1;
      const parent = parentVersion === undefined ? (latest > 0 ? latest : null) : parentVersion;
      await c.query(`INSERT INTO dag_versions (${INFO_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        spec.id,
        version,
        parent,
        meta.message,
        meta.createdAtMs,
        meta.author ?? null,
        spec.labels ?? null,
      ]);
      await insertTasks(c, spec, version);
      return { version, parent };
    });
    return deepFreeze({
      dagId: spec.id,
      version: row.version,
      parentVersion: row.parent,
      message: meta.message,
      createdAtMs: meta.createdAtMs,
      ...(meta.author === undefined ? {} : { author: meta.author }),
      spec: snapshot,
    });
  }

  /** One version (the latest by default), rebuilt from its rows. */
  async get(dagId: DagId, version?: number): Promise<DagVersion | undefined> {
    const head = await this.pool.query<VersionRow>(
      version === undefined
        ? `SELECT ${INFO_COLUMNS} FROM dag_versions WHERE dag_id = $1 ORDER BY version DESC LIMIT 1`
        : `SELECT ${INFO_COLUMNS} FROM dag_versions WHERE dag_id = $1 AND version = $2`,
      version === undefined ? [dagId] : [dagId, version],
    );
    const v = head.rows[0];
    if (!v) return undefined;
    const [tasks, edges] = await Promise.all([
      this.pool.query<TaskRow>(
        `SELECT ${TASK_COLUMNS} FROM dag_version_tasks WHERE dag_id = $1 AND version = $2 ORDER BY ordinal`,
        [dagId, v.version],
      ),
      this.pool.query<EdgeRow>(
        `SELECT child_task_id, parent_task_id FROM dag_version_edges
         WHERE dag_id = $1 AND version = $2 ORDER BY child_task_id, ordinal`,
        [dagId, v.version],
      ),
    ]);
    const spec: DagSpec = { id: dagId, tasks: tasksFromRows(tasks.rows, edges.rows) };
    if (v.labels !== null) (spec as { labels?: Record<string, string> }).labels = v.labels;
    return deepFreeze({ ...infoOf(v), spec });
  }

  /** Every version of a DAG, oldest first, without specs. */
  async list(dagId: DagId): Promise<DagVersionInfo[]> {
    const r = await this.pool.query<VersionRow>(
      `SELECT ${INFO_COLUMNS} FROM dag_versions WHERE dag_id = $1 ORDER BY version`,
      [dagId],
    );
    return r.rows.map(infoOf);
  }

  /** Ids of every DAG with a version, sorted (byte order, like the in-memory store). */
  async dagIds(): Promise<DagId[]> {
    const r = await this.pool.query<{ dag_id: string }>(
      'SELECT dag_id FROM dag_versions GROUP BY dag_id ORDER BY dag_id COLLATE "C"',
    );
    return r.rows.map((x) => x.dag_id);
  }
}

async function insertTasks(c: pg.PoolClient, spec: DagSpec, version: number): Promise<void> {
  await c.query(
    `INSERT INTO dag_version_tasks (dag_id, version, ${TASK_COLUMNS})
     SELECT $1, $2, ${TASK_COLUMNS} FROM jsonb_to_recordset($3::jsonb) AS x(${TASK_RECORD_COLUMNS})`,
    [spec.id, version, JSON.stringify(spec.tasks.map(taskRecord))],
  );
  const edges = edgeRecords(spec.tasks);
  if (edges.length === 0) return;
  await c.query(
    `INSERT INTO dag_version_edges (dag_id, version, child_task_id, ordinal, parent_task_id)
     SELECT $1, $2, child_task_id, ordinal, parent_task_id FROM jsonb_to_recordset($3::jsonb) AS x(${EDGE_RECORD_COLUMNS})`,
    [spec.id, version, JSON.stringify(edges)],
  );
}

function infoOf(v: VersionRow): DagVersionInfo {
  return {
    dagId: v.dag_id,
    version: v.version,
    parentVersion: v.parent_version,
    message: v.message,
    createdAtMs: v.created_at_ms,
    ...(v.author === null ? {} : { author: v.author }),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
