/**
 * WfCommons WfFormat import (schema 1.4 and 1.5). Runtimes become `workUnits` in ms (integer ≥ 1),
 * cores become `cpuDemand`, memory becomes `memoryMb` (10^6 bytes, rounded up), file sizes become
 * `inputBytes` (inputs no task of the workflow produces) and `outputBytes` (all outputs), and the
 * machines the run used are returned alongside. Task `type` is the WfFormat category: `category` in 1.4,
 * otherwise the command's program, the task name when it differs from the id, or the id without its
 * `_ID000123` / `_000123` suffix.
 */
import type { DagSpec, TaskSpec } from '../../model/types.js';
import { dagError } from '../errors.js';
import { asArray, asObject, asString, fieldError, type JsonObject } from './fields.js';

export interface WfMachine {
  name: string;
  cores?: number;
  speedMHz?: number;
  memoryBytes?: number;
}

export interface WfImport {
  dag: DagSpec;
  schemaVersion: '1.4' | '1.5';
  machines: WfMachine[];
  /** Recorded makespan of the run, when the file has one. */
  makespanMs?: number;
  /** Non-fatal oddities (missing runtimes, unknown files), one sentence each. */
  warnings: string[];
}

/** True when `doc` is a WfFormat instance (has a `workflow` object with tasks or a specification). */
export function isWfFormat(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const wf = (doc as JsonObject).workflow;
  if (typeof wf !== 'object' || wf === null) return false;
  return Array.isArray((wf as JsonObject).tasks) || typeof (wf as JsonObject).specification === 'object';
}

/**
 * Parses an already-decoded WfFormat document. Throws `DagError` naming the JSON path of a malformed
 * value, a dangling parent/child, or an unsupported schema version. `id` overrides the DAG id (default:
 * the instance's `name`).
 */
export function parseWfFormat(doc: unknown, id?: string): WfImport {
  const root = asObject(doc, '(document)');
  const wf = asObject(root.workflow, 'workflow');
  const version = schemaVersionOf(root, wf);
  const parsed = version === '1.4' ? parse14(wf) : parse15(wf);
  const name = typeof root.name === 'string' ? root.name : 'workflow';
  const makespanS =
    version === '1.4' ? wf.makespanInSeconds : (wf.execution as JsonObject)?.makespanInSeconds;
  const labels: Record<string, string> = { format: `wfformat-${version}`, name };
  const result: WfImport = {
    dag: { id: id ?? name, tasks: parsed.tasks, labels },
    schemaVersion: version,
    machines: parsed.machines,
    warnings: parsed.warnings,
  };
  if (typeof makespanS === 'number') {
    result.makespanMs = Math.round(makespanS * 1000);
    labels.makespanMs = String(result.makespanMs);
  }
  if (result.machines.length > 0) labels.machines = result.machines.map(machineLabel).join(',');
  return result;
}

function schemaVersionOf(root: JsonObject, wf: JsonObject): '1.4' | '1.5' {
  const v = root.schemaVersion;
  if (v === undefined) return Array.isArray(wf.tasks) ? '1.4' : '1.5';
  if (v === '1.4' || v === '1.3' || v === '1.2') return '1.4';
  if (v === '1.5') return '1.5';
  throw dagError('invalid-format', `schemaVersion is ${JSON.stringify(v)}, expected "1.4" or "1.5"`);
}

function machineLabel(m: WfMachine): string {
  return `${m.name}:${m.cores ?? '?'}c@${m.speedMHz ?? '?'}MHz`;
}

interface Parsed {
  tasks: TaskSpec[];
  machines: WfMachine[];
  warnings: string[];
}

/** Raw per-task facts common to both schema versions, before edges and bytes are resolved. */
interface RawTask {
  id: string;
  type: string;
  parents: string[];
  children: string[];
  inputs: string[];
  outputs: string[];
  runtimeS: number | undefined;
  cores: number | undefined;
  memoryBytes: number | undefined;
}

function parse15(wf: JsonObject): Parsed {
  const spec = asObject(wf.specification, 'workflow.specification');
  const exec = wf.execution === undefined ? {} : asObject(wf.execution, 'workflow.execution');
  const sizes = new Map<string, number>();
  asArray(spec.files ?? [], 'workflow.specification.files').forEach((f, i) => {
    const o = asObject(f, `workflow.specification.files[${i}]`);
    sizes.set(asString(o.id, `workflow.specification.files[${i}].id`), numberOr(o.sizeInBytes, 0));
  });
  const execById = new Map<string, JsonObject>();
  asArray(exec.tasks ?? [], 'workflow.execution.tasks').forEach((t, i) => {
    const o = asObject(t, `workflow.execution.tasks[${i}]`);
    execById.set(asString(o.id, `workflow.execution.tasks[${i}].id`), o);
  });
  const raw = asArray(spec.tasks, 'workflow.specification.tasks').map((t, i) => {
    const path = `workflow.specification.tasks[${i}]`;
    const o = asObject(t, path);
    const id = asString(o.id, `${path}.id`);
    const x = execById.get(id) ?? {};
    return {
      id,
      type: typeOf15(id, o.name, x),
      parents: idList(o.parents, `${path}.parents`),
      children: idList(o.children, `${path}.children`),
      inputs: idList(o.inputFiles, `${path}.inputFiles`),
      outputs: idList(o.outputFiles, `${path}.outputFiles`),
      runtimeS: optionalNumber(x.runtimeInSeconds),
      cores: optionalNumber(x.coreCount),
      memoryBytes: optionalNumber(x.memoryInBytes),
    } satisfies RawTask;
  });
  const machines = asArray(exec.machines ?? [], 'workflow.execution.machines').map((m, i) =>
    machine15(asObject(m, `workflow.execution.machines[${i}]`), i),
  );
  return resolve(raw, (file) => sizes.get(file), machines);
}

function typeOf15(id: string, name: unknown, exec: JsonObject): string {
  const program = (exec.command as JsonObject | undefined)?.program;
  if (typeof program === 'string' && /^[\w.+-]{1,64}$/.test(program)) return program;
  if (typeof name === 'string' && name.length > 0 && name !== id) return name;
  return stripIdSuffix(id);
}

function machine15(o: JsonObject, i: number): WfMachine {
  const m: WfMachine = { name: asString(o.nodeName, `workflow.execution.machines[${i}].nodeName`) };
  const cpu = (o.cpu ?? {}) as JsonObject;
  if (typeof cpu.coreCount === 'number') m.cores = cpu.coreCount;
  if (typeof cpu.speedInMHz === 'number') m.speedMHz = cpu.speedInMHz;
  if (typeof o.memoryInBytes === 'number') m.memoryBytes = o.memoryInBytes;
  return m;
}

function parse14(wf: JsonObject): Parsed {
  const sizes = new Map<string, number>();
  const raw = asArray(wf.tasks, 'workflow.tasks').map((t, i) => {
    const path = `workflow.tasks[${i}]`;
    const o = asObject(t, path);
    const id = asString(o.name, `${path}.name`);
    const inputs: string[] = [];
    const outputs: string[] = [];
    asArray(o.files ?? [], `${path}.files`).forEach((f, k) => {
      const fo = asObject(f, `${path}.files[${k}]`);
      const file = asString(fo.name, `${path}.files[${k}].name`);
      sizes.set(file, numberOr(fo.sizeInBytes, numberOr(fo.size, 0)));
      if (fo.link === 'input') inputs.push(file);
      else if (fo.link === 'output') outputs.push(file);
      else throw fieldError(`${path}.files[${k}].link`, fo.link, '"input" or "output"', [id]);
    });
    const memoryBytes = optionalNumber(o.memoryInBytes) ?? scaled(optionalNumber(o.memory), 1000);
    return {
      id,
      type: typeof o.category === 'string' && o.category.length > 0 ? o.category : stripIdSuffix(id),
      parents: idList(o.parents, `${path}.parents`),
      children: idList(o.children, `${path}.children`),
      inputs,
      outputs,
      runtimeS: optionalNumber(o.runtimeInSeconds) ?? optionalNumber(o.runtime),
      cores: optionalNumber(o.cores),
      memoryBytes,
    } satisfies RawTask;
  });
  const machines = asArray(wf.machines ?? [], 'workflow.machines').map((m, i) => {
    const o = asObject(m, `workflow.machines[${i}]`);
    const cpu = (o.cpu ?? {}) as JsonObject;
    const out: WfMachine = { name: asString(o.nodeName, `workflow.machines[${i}].nodeName`) };
    if (typeof cpu.count === 'number') out.cores = cpu.count;
    if (typeof cpu.speed === 'number') out.speedMHz = cpu.speed;
    if (typeof o.memoryInBytes === 'number') out.memoryBytes = o.memoryInBytes;
    return out;
  });
  return resolve(raw, (file) => sizes.get(file), machines);
}

/** Turns raw tasks into TaskSpecs: merges parents with children lists, resolves bytes, checks refs. */
function resolve(
  raw: RawTask[],
  sizeOf: (file: string) => number | undefined,
  machines: WfMachine[],
): Parsed {
  const warnings: string[] = [];
  const index = new Map(raw.map((t, i) => [t.id, i]));
  const parents = raw.map((t) => new Set(t.parents));
  raw.forEach((t) => {
    for (const c of t.children) {
      const j = index.get(c);
      if (j === undefined)
        throw dagError(
          'dangling-parent',
          `task "${t.id}" names child "${c}", which is not a task of this workflow`,
          [t.id, c],
        );
      parents[j]!.add(t.id);
    }
  });
  const produced = new Set(raw.flatMap((t) => t.outputs));
  const tasks = raw.map((t, i) => toTaskSpec(t, [...parents[i]!], produced, sizeOf, warnings));
  return { tasks, machines, warnings };
}

function toTaskSpec(
  t: RawTask,
  parents: string[],
  produced: Set<string>,
  sizeOf: (file: string) => number | undefined,
  warnings: string[],
): TaskSpec {
  if (t.runtimeS === undefined) warnings.push(`task "${t.id}" has no runtime; using 1 ms`);
  const bytes = (files: string[]) =>
    files.reduce((sum, f) => {
      const size = sizeOf(f);
      if (size === undefined)
        warnings.push(`task "${t.id}" names file "${f}", which has no size; counting 0 bytes`);
      return sum + (size ?? 0);
    }, 0);
  return {
    id: t.id,
    type: t.type,
    workUnits: Math.max(1, Math.round((t.runtimeS ?? 0) * 1000)),
    cpuDemand: t.cores !== undefined && t.cores >= 1 ? Math.round(t.cores) : 1,
    memoryMb: t.memoryBytes !== undefined && t.memoryBytes > 0 ? Math.ceil(t.memoryBytes / 1e6) : 0,
    inputBytes: Math.round(bytes(t.inputs.filter((f) => !produced.has(f)))),
    outputBytes: Math.round(bytes(t.outputs)),
    priority: 0,
    parents,
  };
}

function idList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  return asArray(value, path).map((v, i) => asString(v, `${path}[${i}]`));
}

function stripIdSuffix(id: string): string {
  const stripped = id.replace(/_ID\d+$/, '').replace(/_\d+$/, '');
  return stripped.length > 0 ? stripped : id;
}

function optionalNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function numberOr(v: unknown, fallback: number): number {
  return optionalNumber(v) ?? fallback;
}

function scaled(v: number | undefined, factor: number): number | undefined {
  return v === undefined ? undefined : v * factor;
}
