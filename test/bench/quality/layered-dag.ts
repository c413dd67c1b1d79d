/**
 * Random layered task graphs after Topcuoglu, Hariri & Wu (2002, §5.1): `tasks` tasks in about
 * √tasks / shape levels (shape α > 1: wide and short, < 1: narrow and deep), each task with a random
 * number of children (mean `outDegree`) in later levels, mostly the next one; average computation cost
 * w̄ᵢ ~ U(0, 2·W) and per-node cost wᵢⱼ ~ U(w̄ᵢ(1 − β/2), w̄ᵢ(1 + β/2)) (heterogeneity β); data sizes
 * ~ U(0, 2·CCR·W) on unit-speed links, so the communication-to-computation ratio is about CCR.
 */
import type { Random } from '../../../engine/model/random.js';
import type { StaticEdge, StaticProblemInput } from '../../../engine/schedule/static/problem.js';

export interface LayeredDagParams {
  tasks: number;
  shape: number;
  outDegree: number;
  ccr: number;
  heterogeneity: number;
  nodes: number;
  /** Mean computation cost W. */
  meanCost?: number;
}

/** A random problem for `params`, fully determined by `random`'s seed. */
export function layeredDag(params: LayeredDagParams, random: Random): StaticProblemInput {
  const meanCost = params.meanCost ?? 50;
  const levelOf = assignLevels(params, random);
  const byLevel = groupByLevel(levelOf);
  const edges = drawEdges(params, byLevel, levelOf, random, meanCost);
  const execTime = drawCosts(params, random, meanCost);
  const linkSpeed = new Float64Array(params.nodes * params.nodes).fill(1);
  return {
    taskNames: Array.from({ length: params.tasks }, (_, i) => `t${i}`),
    nodeNames: Array.from({ length: params.nodes }, (_, i) => `p${i}`),
    execTime,
    edges,
    linkSpeed,
  };
}

/** Level of each task (tasks are numbered level by level). */
function assignLevels(params: LayeredDagParams, random: Random): Int32Array {
  const height = Math.max(1, Math.min(params.tasks, Math.round(Math.sqrt(params.tasks) / params.shape)));
  const width = new Int32Array(height).fill(1);
  for (let i = height; i < params.tasks; i++) width[random.int(height)]!++;
  const levelOf = new Int32Array(params.tasks);
  let t = 0;
  for (let l = 0; l < height; l++) for (let k = 0; k < width[l]!; k++) levelOf[t++] = l;
  return levelOf;
}

function groupByLevel(levelOf: Int32Array): number[][] {
  const levels: number[][] = [];
  levelOf.forEach((l, t) => {
    while (levels.length <= l) levels.push([]);
    levels[l]!.push(t);
  });
  return levels;
}

function drawEdges(
  params: LayeredDagParams,
  byLevel: number[][],
  levelOf: Int32Array,
  random: Random,
  meanCost: number,
): StaticEdge[] {
  const edges: StaticEdge[] = [];
  const seen = new Set<number>();
  const hasParent = new Uint8Array(params.tasks);
  const size = (): number => random.next() * 2 * params.ccr * meanCost;
  const add = (a: number, b: number): void => {
    if (seen.has(a * params.tasks + b)) return;
    seen.add(a * params.tasks + b);
    hasParent[b] = 1;
    edges.push({ source: a, target: b, size: size() });
  };
  const height = byLevel.length;
  for (let t = 0; t < params.tasks; t++) {
    const l = levelOf[t]!;
    if (l === height - 1) continue;
    const children = 1 + random.int(2 * params.outDegree - 1);
    for (let k = 0; k < children; k++) {
      const target = random.next() < 0.7 ? l + 1 : l + 1 + random.int(height - l - 1);
      const level = byLevel[target]!;
      add(t, level[random.int(level.length)]!);
    }
  }
  for (let t = 0; t < params.tasks; t++) {
    const l = levelOf[t]!;
    if (l === 0 || hasParent[t] === 1) continue;
    const level = byLevel[l - 1]!;
    add(level[random.int(level.length)]!, t);
  }
  return edges;
}

function drawCosts(params: LayeredDagParams, random: Random, meanCost: number): Float64Array {
  const execTime = new Float64Array(params.tasks * params.nodes);
  const beta = params.heterogeneity;
  for (let t = 0; t < params.tasks; t++) {
    const mean = (0.02 + 1.98 * random.next()) * meanCost;
    for (let p = 0; p < params.nodes; p++) {
      execTime[t * params.nodes + p] = mean * (1 - beta / 2 + beta * random.next());
    }
  }
  return execTime;
}
