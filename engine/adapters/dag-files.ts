/**
 * Reads workflow files from disk and hands their text to the pure parsers in `engine/dag/io/`. The
 * format is detected from the content, not the extension: WfCommons WfFormat JSON (1.4/1.5), the
 * project's DAG JSON, or Alibaba cluster-trace-v2018 batch_task CSV (one DagSpec per job).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { validateDag } from '../dag/build.js';
import { DagError, dagError } from '../dag/errors.js';
import { looksLikeAlibabaBatchTask, parseAlibabaBatchTasks } from '../dag/io/alibaba.js';
import { isProjectJson, parseProjectJson } from '../dag/io/project-json.js';
import { isWfFormat, parseWfFormat, type WfMachine } from '../dag/io/wfformat.js';
import type { DagSpec } from '../model/types.js';

export type WorkflowFormat = 'wfformat' | 'project-json' | 'alibaba-batch-task';

export interface WorkflowFile {
  format: WorkflowFormat;
  dags: DagSpec[];
  /** Machines recorded in a WfFormat file (empty for other formats). */
  machines: WfMachine[];
  warnings: string[];
}

/**
 * Parses workflow `text` (the content of `name`, used for messages and the default DAG id). Throws
 * `DagError` for unreadable or malformed content, naming the file and the offending field or line.
 * Alibaba dependencies on missing tasks are dropped with a warning (the real trace has some).
 */
export function parseWorkflowText(text: string, name: string): WorkflowFile {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonWorkflow(text, name);
  if (looksLikeAlibabaBatchTask(text)) {
    const { dags, warnings } = withFile(name, () => parseAlibabaBatchTasks(text, { dangling: 'drop' }));
    return { format: 'alibaba-batch-task', dags, machines: [], warnings };
  }
  const firstLine = text.split('\n', 1)[0] ?? '';
  const columns = firstLine.includes(',')
    ? `; its first line has ${firstLine.split(',').length} comma-separated columns, batch_task v2018 has 9 (task_name, instance_num, job_name, task_type, status, start_time, end_time, plan_cpu, plan_mem)`
    : '';
  throw dagError(
    'invalid-format',
    `${name}: not a workflow file (expected WfFormat JSON, agentsched DAG JSON or Alibaba v2018 batch_task CSV${columns})`,
  );
}

function parseJsonWorkflow(text: string, name: string): WorkflowFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw dagError('invalid-format', `${name}: invalid JSON (${(err as Error).message})`);
  }
  if (isWfFormat(doc)) {
    const id = basename(name, extname(name));
    const wf = withFile(name, () => parseWfFormat(doc, id));
    return { format: 'wfformat', dags: [wf.dag], machines: wf.machines, warnings: wf.warnings };
  }
  if (isProjectJson(doc)) {
    return {
      format: 'project-json',
      dags: withFile(name, () => parseProjectJson(doc)),
      machines: [],
      warnings: [],
    };
  }
  throw dagError(
    'invalid-format',
    `${name}: JSON is neither WfFormat (a "workflow" object) nor an agentsched DAG (an object with "tasks")`,
  );
}

function withFile<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof DagError) err.message = `${name}: ${err.message}`;
    throw err;
  }
}

/** Reads and parses a workflow file; see `parseWorkflowText`. File-system errors become `DagError`s. */
export function readWorkflowFile(path: string): WorkflowFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw dagError('invalid-format', `${path}: cannot read the file (${code ?? (err as Error).message})`);
  }
  return parseWorkflowText(text, path);
}

/**
 * The DAGs in the workflow file at `path`, format auto-detected (for scenario workloads). Task ids are
 * unique within each DagSpec and every DAG is valid (checked with `validateDag`); imported formats
 * give integer workUnits ≥ 1 ms, cpuDemand ≥ 1 and priority 0. Throws `DagError` with a message naming
 * the file, the DAG and the problem.
 */
export function loadWorkflowFile(path: string): DagSpec[] {
  const { dags } = readWorkflowFile(path);
  for (const dag of dags) {
    const issues = validateDag(dag);
    if (issues.length > 0)
      throw new DagError(issues.map((i) => ({ ...i, message: `${path}: dag ${dag.id}: ${i.message}` })));
  }
  return dags;
}
