/**
 * Parameterised DAG templates: map-reduce, fan-out/fan-in and pipelines of stages. `instantiateTemplate`
 * takes untrusted parameters (from a scenario or the CLI) and names the bad one when it rejects them.
 */
import type { DagSpec, TaskSpec } from '../model/types.js';
import { dagError } from './errors.js';

interface TaskShape {
  workMs: number;
  outputBytes: number;
  cpuDemand: number;
}

function task(id: string, type: string, shape: TaskShape, parents: string[]): TaskSpec {
  return {
    id,
    type,
    workUnits: shape.workMs,
    cpuDemand: shape.cpuDemand,
    memoryMb: 0,
    inputBytes: 0,
    outputBytes: shape.outputBytes,
    priority: 0,
    parents,
  };
}

export interface MapReduceParams {
  id?: string;
  /** Number of map tasks (≥ 1). */
  width: number;
  /** Number of reduce tasks (≥ 1, default 1); every reducer reads every mapper. */
  reducers?: number;
  splitWorkMs?: number;
  mapWorkMs?: number;
  reduceWorkMs?: number;
  /** Bytes each map task emits. */
  mapOutputBytes?: number;
}

/** split → map_0…map_{w-1} → reduce_0…reduce_{r-1} (all-to-all shuffle) → collect. */
export function mapReduce(p: MapReduceParams): DagSpec {
  const width = count(p.width, 'width');
  const reducers = count(p.reducers ?? 1, 'reducers');
  const shape = (workMs: number | undefined, outputBytes = 0) => ({
    workMs: workMs ?? 1000,
    outputBytes,
    cpuDemand: 1,
  });
  const maps = range(width).map((i) =>
    task(`map_${i}`, 'map', shape(p.mapWorkMs, p.mapOutputBytes ?? 0), ['split']),
  );
  const mapIds = maps.map((t) => t.id);
  const reduces = range(reducers).map((i) => task(`reduce_${i}`, 'reduce', shape(p.reduceWorkMs), mapIds));
  return {
    id: p.id ?? `map-reduce-${width}x${reducers}`,
    labels: { template: 'map-reduce', width: String(width), reducers: String(reducers) },
    tasks: [
      task('split', 'split', shape(p.splitWorkMs ?? 100), []),
      ...maps,
      ...reduces,
      task(
        'collect',
        'collect',
        shape(100),
        reduces.map((t) => t.id),
      ),
    ],
  };
}

export interface FanOutFanInParams {
  id?: string;
  width: number;
  sourceWorkMs?: number;
  branchWorkMs?: number;
  sinkWorkMs?: number;
  branchOutputBytes?: number;
}

/** source → branch_0…branch_{w-1} → sink. */
export function fanOutFanIn(p: FanOutFanInParams): DagSpec {
  const width = count(p.width, 'width');
  const shape = (workMs: number | undefined, outputBytes = 0) => ({
    workMs: workMs ?? 1000,
    outputBytes,
    cpuDemand: 1,
  });
  const branches = range(width).map((i) =>
    task(`branch_${i}`, 'branch', shape(p.branchWorkMs, p.branchOutputBytes ?? 0), ['source']),
  );
  return {
    id: p.id ?? `fan-out-fan-in-${width}`,
    labels: { template: 'fan-out-fan-in', width: String(width) },
    tasks: [
      task('source', 'source', shape(p.sourceWorkMs), []),
      ...branches,
      task(
        'sink',
        'sink',
        shape(p.sinkWorkMs),
        branches.map((t) => t.id),
      ),
    ],
  };
}

export interface PipelineStage {
  name: string;
  /** Parallel tasks in the stage (default 1). */
  width?: number;
  workMs?: number;
  outputBytes?: number;
  cpuDemand?: number;
}

export interface PipelineParams {
  id?: string;
  /** Stage descriptions, or a number of identical one-task stages. */
  stages: number | PipelineStage[];
}

/**
 * Stages in sequence. Consecutive stages of equal width are linked one-to-one (independent lanes);
 * otherwise every task of a stage depends on every task of the previous one.
 */
export function pipeline(p: PipelineParams): DagSpec {
  const stages: PipelineStage[] =
    typeof p.stages === 'number'
      ? range(count(p.stages, 'stages')).map((i) => ({ name: `stage${i}` }))
      : p.stages;
  if (!Array.isArray(stages) || stages.length === 0)
    throw badParam('stages', p.stages, 'a number >= 1 or a non-empty list');
  let previous: string[] = [];
  const tasks: TaskSpec[] = [];
  stages.forEach((s, k) => {
    if (typeof s?.name !== 'string' || s.name.length === 0)
      throw badParam(`stages[${k}].name`, s?.name, 'a non-empty string');
    const width = count(s.width ?? 1, `stages[${k}].width`);
    const shape = { workMs: s.workMs ?? 1000, outputBytes: s.outputBytes ?? 0, cpuDemand: s.cpuDemand ?? 1 };
    const ids = range(width).map((i) => (width === 1 ? s.name : `${s.name}_${i}`));
    const oneToOne = previous.length === width;
    for (const [i, id] of ids.entries())
      tasks.push(task(id, s.name, shape, oneToOne ? [previous[i]!] : previous));
    previous = ids;
  });
  return {
    id: p.id ?? `pipeline-${stages.length}`,
    labels: { template: 'pipeline', stages: String(stages.length) },
    tasks,
  };
}

/** Names `instantiateTemplate` accepts. */
export const TEMPLATE_NAMES = ['map-reduce', 'fan-out-fan-in', 'pipeline'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Instantiates the template called `name` with `params` (as read from YAML/JSON). Throws `DagError`
 * (`unknown-template`, `invalid-field`) naming the template or parameter that is wrong.
 */
export function instantiateTemplate(name: string, params: Record<string, unknown>): DagSpec {
  checkNumbers(params);
  switch (name) {
    case 'map-reduce':
      return mapReduce(params as unknown as MapReduceParams);
    case 'fan-out-fan-in':
      return fanOutFanIn(params as unknown as FanOutFanInParams);
    case 'pipeline':
      return pipeline(params as unknown as PipelineParams);
    default:
      throw dagError(
        'unknown-template',
        `unknown template "${name}", expected one of ${TEMPLATE_NAMES.join(', ')}`,
      );
  }
}

function checkNumbers(params: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith('Ms') || k.endsWith('Bytes')) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw badParam(k, v, 'a number >= 0');
    }
    if (k === 'id' && (typeof v !== 'string' || v.length === 0)) throw badParam(k, v, 'a non-empty string');
  }
}

function count(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw badParam(name, v, 'an integer >= 1');
  return v;
}

function badParam(name: string, value: unknown, expected: string) {
  return dagError(
    'invalid-field',
    `template parameter ${name} is ${JSON.stringify(value)}, expected ${expected}`,
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
