/**
 * Tasks as rows: the column list shared by `tasks` and `dag_version_tasks`, a TaskSpec → JSON record for
 * bulk inserts through `jsonb_to_recordset`, TaskSpecs → COPY rows, and row → TaskSpec. Dependencies are separate edge rows
 * (child, ordinal, parent), so `parents` keeps its order.
 */
import type { TaskSpec } from '../../model/types.js';
import { type CopyPart, copyJson, copyNumber, copyText, copyTextArray } from './pg-copy.js';

/** Columns of a task row after its key, with their SQL types, for `jsonb_to_recordset(...) AS x(...)`. */
export const TASK_RECORD_COLUMNS = `task_id text, ordinal int, type text, work_units float8, cpu_demand float8,
  memory_mb float8, input_bytes float8, output_bytes float8, priority float8, deadline_ms float8,
  requires text[], affinity jsonb, reads text[], writes text[]`;

/** The same columns as a select/insert list. */
export const TASK_COLUMNS =
  'task_id, ordinal, type, work_units, cpu_demand, memory_mb, input_bytes, output_bytes, priority, deadline_ms, requires, affinity, reads, writes';

/** Column list and SQL type of edge records. */
export const EDGE_RECORD_COLUMNS = 'child_task_id text, ordinal int, parent_task_id text';

/** One task as the JSON record the bulk insert reads. */
export function taskRecord(t: TaskSpec, ordinal: number): Record<string, unknown> {
  return {
    task_id: t.id,
    ordinal,
    type: t.type,
    work_units: t.workUnits,
    cpu_demand: t.cpuDemand,
    memory_mb: t.memoryMb,
    input_bytes: t.inputBytes,
    output_bytes: t.outputBytes,
    priority: t.priority,
    deadline_ms: t.deadlineMs ?? null,
    requires: t.requires ?? null,
    affinity: t.affinity ?? null,
    reads: t.reads ?? null,
    writes: t.writes ?? null,
  };
}

/** Every dependency of `tasks` as edge records. */
export function edgeRecords(tasks: readonly TaskSpec[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const t of tasks) {
    t.parents.forEach((p, i) => {
      out.push({ child_task_id: t.id, ordinal: i, parent_task_id: p });
    });
  }
  return out;
}

/**
 * A DAG's task rows and edges as COPY parts for `tasks` / `task_edges` (`prefix` columns first, e.g. the
 * dag id), built from the specs without intermediate records.
 */
export function taskCopyParts(
  dagId: string,
  tasks: readonly TaskSpec[],
  commands: Readonly<Record<string, string>>,
): CopyPart[] {
  const dag = copyText(dagId);
  let rows = '';
  let edges = '';
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    const id = copyText(t.id);
    rows += `${dag}\t${copyText(commands[t.id])}\t${id}\t${i}\t${copyText(t.type)}\t${copyNumber(t.workUnits)}\t${copyNumber(t.cpuDemand)}\t${copyNumber(t.memoryMb)}\t${copyNumber(t.inputBytes)}\t${copyNumber(t.outputBytes)}\t${copyNumber(t.priority)}\t${copyNumber(t.deadlineMs)}\t${copyTextArray(t.requires)}\t${copyJson(t.affinity)}\t${copyTextArray(t.reads)}\t${copyTextArray(t.writes)}\n`;
    const parents = t.parents;
    for (let k = 0; k < parents.length; k++) edges += `${dag}\t${id}\t${k}\t${copyText(parents[k])}\n`;
  }
  return [
    { sql: `COPY tasks (dag_id, command, ${TASK_COLUMNS}) FROM STDIN`, rows },
    { sql: 'COPY task_edges (dag_id, child_task_id, ordinal, parent_task_id) FROM STDIN', rows: edges },
  ];
}

/** A task row as selected with TASK_COLUMNS. */
export interface TaskRow {
  task_id: string;
  ordinal: number;
  type: string;
  work_units: number;
  cpu_demand: number;
  memory_mb: number;
  input_bytes: number;
  output_bytes: number;
  priority: number;
  deadline_ms: number | null;
  requires: string[] | null;
  affinity: TaskSpec['affinity'] | null;
  reads: string[] | null;
  writes: string[] | null;
}

/** An edge row. */
export interface EdgeRow {
  child_task_id: string;
  parent_task_id: string;
}

/** Rebuilds task specs from rows (ordered by ordinal) and edges (ordered by child, ordinal). */
export function tasksFromRows(rows: readonly TaskRow[], edges: readonly EdgeRow[]): TaskSpec[] {
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    const list = parents.get(e.child_task_id);
    if (list) list.push(e.parent_task_id);
    else parents.set(e.child_task_id, [e.parent_task_id]);
  }
  return rows.map((r) => {
    const t: TaskSpec = {
      id: r.task_id,
      type: r.type,
      workUnits: r.work_units,
      cpuDemand: r.cpu_demand,
      memoryMb: r.memory_mb,
      inputBytes: r.input_bytes,
      outputBytes: r.output_bytes,
      priority: r.priority,
      parents: parents.get(r.task_id) ?? [],
    };
    const opt = t as { -readonly [K in keyof TaskSpec]: TaskSpec[K] };
    if (r.deadline_ms !== null) opt.deadlineMs = r.deadline_ms;
    if (r.requires !== null) opt.requires = r.requires;
    if (r.affinity !== null) opt.affinity = r.affinity;
    if (r.reads !== null) opt.reads = r.reads;
    if (r.writes !== null) opt.writes = r.writes;
    return t;
  });
}
