/**
 * Workload generators: random layered DAGs (after Topcuoglu, Hariri and Wu 2002: size v, shape alpha,
 * out-degree, CCR, heterogeneity beta), fork-join and chains, plus the arrival process. Everything is
 * drawn from the random stream passed in, so a seed fixes the workload.
 */
import type { Random } from '../engine/model/random.js';
import type { DagSpec, NetworkModel, TaskSpec } from '../engine/model/types.js';
import type { ArrivalSpec, DagSource, TaskTypeSpec } from './scenario/types.js';

export interface GenContext {
  random: Random;
  taskTypes: TaskTypeSpec[];
  /** Mean ms per byte between two random agents; output sizes are set so comm/comp ≈ CCR. */
  msPerByte: number;
}

const DEFAULT_TYPES: TaskTypeSpec[] = [{ name: 'compute', share: 1 }];

export function meanMsPerByte(net: NetworkModel, clusters: number): number {
  return (
    1 / clusters / net.intraClusterBandwidthBytesPerMs +
    (clusters - 1) / clusters / net.interClusterBandwidthBytesPerMs
  );
}

function pickType(ctx: GenContext): TaskTypeSpec {
  const types = ctx.taskTypes.length > 0 ? ctx.taskTypes : DEFAULT_TYPES;
  const total = types.reduce((a, t) => a + t.share, 0);
  let x = ctx.random.next() * total;
  for (const t of types) {
    x -= t.share;
    if (x < 0) return t;
  }
  return types[types.length - 1]!;
}

interface Params {
  ccr: number;
  heterogeneity: number;
  meanWorkMs: number;
}

function makeTask(ctx: GenContext, id: string, p: Params, parents: string[]): TaskSpec {
  const type = pickType(ctx);
  const beta = p.heterogeneity;
  const work = Math.max(
    1,
    Math.round(p.meanWorkMs * (type.workScale ?? 1) * (1 - beta / 2 + beta * ctx.random.next())),
  );
  const outputBytes = Math.round((p.ccr * work) / ctx.msPerByte);
  const task: TaskSpec = {
    id,
    type: type.name,
    workUnits: work,
    cpuDemand: type.cpuDemand ?? 1,
    memoryMb: type.memoryMb ?? 0,
    inputBytes: 0,
    outputBytes,
    priority: type.priority ?? 0,
    // Always present (undefined when the type needs nothing), so every generated task has one hidden
    // class: adding the field to some tasks only gave the engine's readers of task specs two.
    requires: type.requires && type.requires.length > 0 ? type.requires : undefined,
    parents,
  };
  return task;
}

function params(src: { ccr?: number; heterogeneity?: number; meanWorkMs?: number }): Params {
  return {
    ccr: src.ccr ?? 0.5,
    heterogeneity: src.heterogeneity ?? 0.5,
    meanWorkMs: src.meanWorkMs ?? 10_000,
  };
}

/** Random layered DAG: levels of random width, edges to later levels, every non-entry task has a parent. */
export function layeredDag(
  ctx: GenContext,
  dagId: string,
  v: number,
  shape: number,
  outDegree: number,
  p: Params,
): DagSpec {
  const r = ctx.random;
  const height = Math.max(1, Math.min(v, Math.round(Math.sqrt(v) / shape)));
  const meanWidth = v / height;
  const widths: number[] = [];
  let left = v;
  for (let l = 0; l < height; l++) {
    const levelsLeft = height - l;
    if (levelsLeft === 1) {
      widths.push(left);
      break;
    }
    const w = Math.max(1, Math.min(left - (levelsLeft - 1), Math.round(meanWidth * (0.5 + r.next()))));
    widths.push(w);
    left -= w;
  }
  const levels: string[][] = [];
  const parents = new Map<string, Set<string>>();
  let k = 0;
  for (const w of widths) {
    const level: string[] = [];
    for (let i = 0; i < w; i++) {
      const id = `${dagId}.t${k++}`;
      level.push(id);
      parents.set(id, new Set());
    }
    levels.push(level);
  }
  for (let l = 0; l < levels.length - 1; l++) {
    for (const id of levels[l]!) {
      const deg = 1 + r.int(outDegree);
      for (let e = 0; e < deg; e++) {
        // Mostly to the next level, sometimes further down (as in the layered generators of the literature).
        const jump = r.next() < 0.8 ? 1 : 1 + r.int(levels.length - l - 1);
        const target = levels[l + jump]!;
        parents.get(target[r.int(target.length)]!)!.add(id);
      }
    }
  }
  for (let l = 1; l < levels.length; l++) {
    for (const id of levels[l]!) {
      const ps = parents.get(id)!;
      if (ps.size === 0) {
        const prev = levels[l - 1]!;
        ps.add(prev[r.int(prev.length)]!);
      }
    }
  }
  // Pushed, not map()ped: map() returns a holey array, and the engine's readers of `dag.tasks` then saw
  // layered DAGs' task lists with one hidden class and fork-join / chain ones with another.
  const tasks: TaskSpec[] = [];
  for (const level of levels) {
    for (const id of level) tasks.push(makeTask(ctx, id, p, [...parents.get(id)!].sort()));
  }
  return { id: dagId, tasks, labels: { generator: 'layered' } };
}

export function forkJoinDag(
  ctx: GenContext,
  dagId: string,
  width: number,
  stages: number,
  p: Params,
): DagSpec {
  const tasks: TaskSpec[] = [];
  let prev = `${dagId}.src`;
  tasks.push(makeTask(ctx, prev, p, []));
  for (let s = 0; s < stages; s++) {
    const branch: string[] = [];
    for (let i = 0; i < width; i++) {
      const id = `${dagId}.s${s}.b${i}`;
      tasks.push(makeTask(ctx, id, p, [prev]));
      branch.push(id);
    }
    prev = `${dagId}.s${s}.join`;
    tasks.push(makeTask(ctx, prev, p, branch));
  }
  return { id: dagId, tasks, labels: { generator: 'fork-join' } };
}

export function chainDag(ctx: GenContext, dagId: string, length: number, p: Params): DagSpec {
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < length; i++)
    tasks.push(makeTask(ctx, `${dagId}.t${i}`, p, i > 0 ? [`${dagId}.t${i - 1}`] : []));
  return { id: dagId, tasks, labels: { generator: 'chain' } };
}

/** Expands one generator entry into `count` DAGs named `<prefix><n>`. Imports are handled by the caller. */
export function generateDags(
  ctx: GenContext,
  src: Exclude<DagSource, { import: string }>,
  prefix: string,
): DagSpec[] {
  const out: DagSpec[] = [];
  for (let i = 0; i < src.count; i++) {
    const id = `${prefix}${i}`;
    if (src.generator === 'layered') {
      out.push(layeredDag(ctx, id, src.tasks, src.shape ?? 1, src.outDegree ?? 3, params(src)));
    } else if (src.generator === 'fork-join') {
      out.push(forkJoinDag(ctx, id, src.width, src.stages ?? 1, params(src)));
    } else {
      out.push(chainDag(ctx, id, src.length, params(src)));
    }
  }
  return out;
}

/** Submission times (ms) for `n` DAGs under the arrival process. */
export function arrivalTimes(arrival: ArrivalSpec | undefined, n: number, random: Random): number[] {
  const a = arrival ?? { process: 'batch' };
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    if (a.process === 'batch') times.push(a.atMs ?? 0);
    else if (a.process === 'uniform') times.push(i * a.intervalMs);
    else {
      times.push(Math.round(t));
      t += (-Math.log(1 - random.next()) / a.ratePerSec) * 1000;
    }
  }
  return times;
}
