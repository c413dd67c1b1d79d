/**
 * Alibaba cluster-trace-v2018 `batch_task` import. Rows (no header in the trace; a header row is
 * accepted) are `task_name, instance_num, job_name, task_type, status, start_time, end_time, plan_cpu,
 * plan_mem`. Each job becomes one DagSpec. The DAG is encoded in task names: `M1` is task 1 with no
 * parents, `R4_2` is task 4 depending on task 2, `J5_3_4` task 5 depending on 3 and 4; the letter has
 * no meaning for dependencies and becomes the task `type`. Names that do not follow the pattern (e.g.
 * `task_Nzg3…`) are independent tasks of type `task`.
 *
 * Mapping: workUnits = (end_time − start_time) in ms (≥ 1; the trace's times are seconds); cpuDemand =
 * ceil(plan_cpu / 100) cores (≥ 1); memoryMb = 0 because plan_mem is normalised (0–100), not a size.
 * instance_num is not modelled (one TaskSpec per task, not per instance).
 */
import type { DagSpec, TaskSpec } from '../../model/types.js';
import { DagError, type DagIssue, dagError } from '../errors.js';

export interface AlibabaImportOptions {
  /**
   * What to do with a dependency on a task number the job does not have (the trace has some) or on
   * the task itself: `error` (default) fails naming the job, task and line; `drop` drops it and warns.
   */
  dangling?: 'error' | 'drop';
}

export interface AlibabaImport {
  dags: DagSpec[];
  warnings: string[];
}

const COLUMNS = 9;
const DAG_NAME = /^([A-Za-z]+)(\d+)((?:_\d+)*)$/;

interface Row {
  line: number;
  taskName: string;
  job: string;
  startS: number;
  endS: number;
  planCpu: number;
}

/** True when `text`'s first non-empty line has the nine batch_task columns. */
export function looksLikeAlibabaBatchTask(text: string): boolean {
  const first = text.split('\n', 3).find((l) => l.trim().length > 0);
  return first !== undefined && first.split(',').length === COLUMNS;
}

/**
 * Parses batch_task CSV text into one DagSpec per job (jobs in first-appearance order, tasks in row
 * order). Throws `DagError` naming the line for malformed rows and, per `options.dangling`, for
 * references to missing tasks; duplicate task names or numbers within a job are always errors.
 */
export function parseAlibabaBatchTasks(text: string, options: AlibabaImportOptions = {}): AlibabaImport {
  const jobs = new Map<string, Row[]>();
  text.split('\n').forEach((raw, i) => {
    const row = parseRow(raw.replace(/\r$/, ''), i + 1);
    if (row === null) return;
    const list = jobs.get(row.job);
    if (list) list.push(row);
    else jobs.set(row.job, [row]);
  });
  const warnings: string[] = [];
  const dags = [...jobs].map(([job, rows]) => jobToDag(job, rows, options.dangling ?? 'error', warnings));
  return { dags, warnings };
}

function parseRow(line: string, lineNo: number): Row | null {
  if (line.trim().length === 0) return null;
  const f = line.split(',');
  if (f.length !== COLUMNS)
    throw dagError('invalid-format', `line ${lineNo}: ${f.length} columns, expected ${COLUMNS} (batch_task)`);
  if (f[0] === 'task_name') return null;
  const taskName = f[0]!.trim();
  const job = f[2]!.trim();
  if (taskName.length === 0 || job.length === 0)
    throw dagError('invalid-field', `line ${lineNo}: task_name and job_name must not be empty`);
  return {
    line: lineNo,
    taskName,
    job,
    startS: numberField(f[5]!, 'start_time', lineNo),
    endS: numberField(f[6]!, 'end_time', lineNo),
    planCpu: numberField(f[7]!, 'plan_cpu', lineNo),
  };
}

function numberField(text: string, name: string, lineNo: number): number {
  const t = text.trim();
  if (t.length === 0) return 0;
  const v = Number(t);
  if (!Number.isFinite(v))
    throw dagError('invalid-field', `line ${lineNo}: ${name} is ${JSON.stringify(t)}, expected a number`);
  return v;
}

function jobToDag(job: string, rows: Row[], dangling: 'error' | 'drop', warnings: string[]): DagSpec {
  const byNumber = new Map<number, Row>();
  const names = new Set<string>();
  const issues: DagIssue[] = [];
  for (const r of rows) {
    if (names.has(r.taskName)) issues.push(dup(job, r, `task name "${r.taskName}"`));
    names.add(r.taskName);
    const m = DAG_NAME.exec(r.taskName);
    if (!m) continue;
    const n = Number(m[2]);
    const other = byNumber.get(n);
    if (other && other.taskName !== r.taskName)
      issues.push(dup(job, r, `task number ${n} (also "${other.taskName}")`));
    byNumber.set(n, r);
  }
  const tasks = rows.map((r) => toTask(job, r, byNumber, dangling, issues, warnings));
  if (issues.length > 0) throw new DagError(issues);
  return { id: job, tasks, labels: { format: 'alibaba-v2018-batch_task', job } };
}

function dup(job: string, r: Row, what: string): DagIssue {
  return {
    code: 'duplicate-id',
    message: `line ${r.line}: job ${job} has ${what} twice`,
    taskIds: [r.taskName],
  };
}

function toTask(
  job: string,
  r: Row,
  byNumber: Map<number, Row>,
  dangling: 'error' | 'drop',
  issues: DagIssue[],
  warnings: string[],
): TaskSpec {
  const m = DAG_NAME.exec(r.taskName);
  const parents: string[] = [];
  for (const ref of m?.[3]?.split('_').filter((s) => s.length > 0) ?? []) {
    const parent = byNumber.get(Number(ref));
    const problem =
      parent === undefined
        ? `task number ${ref}, which the job does not have`
        : parent === r
          ? 'itself'
          : null;
    if (problem === null) {
      if (!parents.includes(parent!.taskName)) parents.push(parent!.taskName);
      continue;
    }
    const message = `line ${r.line}: job ${job} task "${r.taskName}" depends on ${problem}`;
    if (dangling === 'drop') warnings.push(`${message}; dependency dropped`);
    else issues.push({ code: parent ? 'self-loop' : 'dangling-parent', message, taskIds: [r.taskName] });
  }
  return {
    id: r.taskName,
    type: m ? m[1]! : 'task',
    workUnits: Math.max(1, Math.round((r.endS - r.startS) * 1000)),
    cpuDemand: Math.max(1, Math.ceil(r.planCpu / 100)),
    memoryMb: 0,
    inputBytes: 0,
    outputBytes: 0,
    priority: 0,
    parents,
  };
}
