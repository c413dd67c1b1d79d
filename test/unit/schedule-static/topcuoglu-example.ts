/**
 * The 10-task, 3-processor example of Topcuoglu, Hariri & Wu (IEEE TPDS 2002, Fig. 2): computation cost
 * table w(i, p) and average communication costs on the edges (all link speeds 1, so sizes = costs).
 * Published makespans: HEFT 80, CPOP 86.
 */
import { createStaticProblem, type StaticProblem } from '../../../engine/schedule/static/problem.js';

export const TOPCUOGLU_COSTS: readonly (readonly [number, number, number])[] = [
  [14, 16, 9],
  [13, 19, 18],
  [11, 13, 19],
  [13, 8, 17],
  [12, 13, 10],
  [13, 16, 9],
  [7, 15, 11],
  [5, 11, 14],
  [18, 12, 20],
  [21, 7, 16],
];

export const TOPCUOGLU_EDGES: readonly (readonly [number, number, number])[] = [
  [1, 2, 18],
  [1, 3, 12],
  [1, 4, 9],
  [1, 5, 11],
  [1, 6, 14],
  [2, 8, 19],
  [2, 9, 16],
  [3, 7, 23],
  [4, 8, 27],
  [4, 9, 23],
  [5, 9, 13],
  [6, 8, 15],
  [7, 10, 17],
  [8, 10, 11],
  [9, 10, 13],
];

/** The example as a problem file in the `tasks`/`edges`/`nodes`/`times` shape. */
export function topcuogluProblemJson(): Record<string, unknown> {
  const times: Record<string, Record<string, number>> = {};
  TOPCUOGLU_COSTS.forEach((row, i) => {
    times[`n${i + 1}`] = { p1: row[0], p2: row[1], p3: row[2] };
  });
  return {
    tasks: Object.fromEntries(TOPCUOGLU_COSTS.map((row, i) => [`n${i + 1}`, (row[0] + row[1] + row[2]) / 3])),
    edges: TOPCUOGLU_EDGES.map(([a, b, c]) => [`n${a}`, `n${b}`, c]),
    nodes: { p1: 1, p2: 1, p3: 1 },
    default_link_speed: 1,
    times,
  };
}

/** The example as an indexed problem. */
export function topcuogluProblem(): StaticProblem {
  return createStaticProblem({
    taskNames: TOPCUOGLU_COSTS.map((_, i) => `n${i + 1}`),
    nodeNames: ['p1', 'p2', 'p3'],
    execTime: Float64Array.from(TOPCUOGLU_COSTS.flat()),
    edges: TOPCUOGLU_EDGES.map(([a, b, c]) => ({ source: a - 1, target: b - 1, size: c })),
    linkSpeed: new Float64Array(9).fill(1),
  });
}
