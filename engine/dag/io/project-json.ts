/**
 * The project's own DAG file format: `{ "format": "agentsched-dag", "version": 1, "dags": [DagSpec…] }`.
 * Export writes every field in a fixed order, so export → import → export is byte-identical and
 * import → export → import returns equal specs. Import also accepts a bare DagSpec or an array of them,
 * and fills documented defaults for hand-written files (type `compute`, cpuDemand 1, others 0).
 */
import type { DagSpec, TaskSpec } from '../../model/types.js';
import { dagError } from '../errors.js';
import { asArray, asNumber, asObject, asString, asStringList, type JsonObject } from './fields.js';

/** Value of the `format` field that marks a project DAG file. */
export const PROJECT_FORMAT = 'agentsched-dag';
/** The only file-format version this build reads and writes. */
export const PROJECT_FORMAT_VERSION = 1;

/** JSON text for `dags` (pretty-printed, trailing newline). */
export function exportProjectJson(dags: readonly DagSpec[]): string {
  const doc = { format: PROJECT_FORMAT, version: PROJECT_FORMAT_VERSION, dags: dags.map(dagToJson) };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

function dagToJson(dag: DagSpec): JsonObject {
  const out: JsonObject = { id: dag.id };
  if (dag.labels !== undefined) out.labels = sortedRecord(dag.labels);
  out.tasks = dag.tasks.map(taskToJson);
  return out;
}

function taskToJson(t: TaskSpec): JsonObject {
  const out: JsonObject = {
    id: t.id,
    type: t.type,
    workUnits: t.workUnits,
    cpuDemand: t.cpuDemand,
    memoryMb: t.memoryMb,
    inputBytes: t.inputBytes,
    outputBytes: t.outputBytes,
    priority: t.priority,
  };
  if (t.deadlineMs !== undefined) out.deadlineMs = t.deadlineMs;
  if (t.requires !== undefined) out.requires = [...t.requires];
  out.parents = [...t.parents];
  if (t.reads !== undefined) out.reads = [...t.reads];
  if (t.writes !== undefined) out.writes = [...t.writes];
  return out;
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** True when `doc` looks like a project file (envelope, DagSpec or DagSpec[]), for format detection. */
export function isProjectJson(doc: unknown): boolean {
  if (Array.isArray(doc)) return doc.length === 0 || isDagLike(doc[0]);
  if (typeof doc !== 'object' || doc === null) return false;
  return (doc as JsonObject).format === PROJECT_FORMAT || isDagLike(doc);
}

function isDagLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Array.isArray((v as JsonObject).tasks);
}

/**
 * Parses an already-decoded project document into DagSpecs. Throws `DagError` (`invalid-field` /
 * `invalid-format`) naming the JSON path of the first bad value. Does not check the graph (use
 * `validateDag`).
 */
export function parseProjectJson(doc: unknown): DagSpec[] {
  if (Array.isArray(doc)) return doc.map((d, i) => parseDag(d, `[${i}]`));
  const obj = asObject(doc, '(document)');
  if (obj.format === undefined) return [parseDag(obj, '(dag)')];
  if (obj.format !== PROJECT_FORMAT)
    throw dagError('invalid-format', `format is ${JSON.stringify(obj.format)}, expected "${PROJECT_FORMAT}"`);
  if (obj.version !== PROJECT_FORMAT_VERSION)
    throw dagError(
      'invalid-format',
      `version is ${JSON.stringify(obj.version)}, expected ${PROJECT_FORMAT_VERSION} (the only version this build reads)`,
    );
  return asArray(obj.dags, 'dags').map((d, i) => parseDag(d, `dags[${i}]`));
}

function parseDag(value: unknown, path: string): DagSpec {
  const obj = asObject(value, path);
  const id = asString(obj.id, `${path}.id`);
  const tasks = asArray(obj.tasks, `${path}.tasks`).map((t, i) => parseTask(t, `${path}.tasks[${i}]`));
  if (obj.labels === undefined) return { id, tasks };
  const labelsObj = asObject(obj.labels, `${path}.labels`);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(labelsObj)) {
    if (typeof v !== 'string') throw dagError('invalid-field', `${path}.labels.${k} must be a string`);
    labels[k] = v;
  }
  return { id, tasks, labels };
}

function parseTask(value: unknown, path: string): TaskSpec {
  const o = asObject(value, path);
  const id = asString(o.id, `${path}.id`);
  const at = `${path} (task "${id}")`;
  const task: TaskSpec = {
    id,
    type: o.type === undefined ? 'compute' : asString(o.type, `${at}.type`),
    workUnits: asNumber(o.workUnits, `${at}.workUnits`, 0),
    cpuDemand: asNumber(o.cpuDemand, `${at}.cpuDemand`, Number.MIN_VALUE, 1),
    memoryMb: asNumber(o.memoryMb, `${at}.memoryMb`, 0, 0),
    inputBytes: asNumber(o.inputBytes, `${at}.inputBytes`, 0, 0),
    outputBytes: asNumber(o.outputBytes, `${at}.outputBytes`, 0, 0),
    priority: asNumber(o.priority, `${at}.priority`, Number.NEGATIVE_INFINITY, 0),
    parents: asStringList(o.parents, `${at}.parents`, []),
  };
  if (o.deadlineMs !== undefined) task.deadlineMs = asNumber(o.deadlineMs, `${at}.deadlineMs`, 0);
  if (o.requires !== undefined) task.requires = asStringList(o.requires, `${at}.requires`);
  if (o.reads !== undefined) task.reads = asStringList(o.reads, `${at}.reads`);
  if (o.writes !== undefined) task.writes = asStringList(o.writes, `${at}.writes`);
  return task;
}
