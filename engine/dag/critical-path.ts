/**
 * Critical path and slack. The critical path is the longest entry-to-exit path counting task and edge
 * costs; a task's slack is how much it can be delayed without lengthening it.
 */
import type { DagGraph } from './graph.js';
import { downwardRanks, upwardRanks } from './ranks.js';
import { topologicalOrder } from './topo.js';

export interface CriticalPath {
  /** Task indices on one critical path, entry first (lowest index wins ties). */
  readonly tasks: Int32Array;
  /** Length of the critical path in ms (0 for an empty DAG). */
  readonly lengthMs: number;
  readonly upward: Float64Array;
  readonly downward: Float64Array;
  /** lengthMs − (upward + downward) per task; 0 (up to rounding) on a critical path. */
  readonly slackMs: Float64Array;
}

/**
 * Computes ranks, one critical path, its length and every task's slack. Costs as in `upwardRanks`;
 * `order` must be a topological order (computed when omitted).
 */
export function criticalPath(
  graph: DagGraph,
  taskCost: Float64Array,
  edgeCost: Float64Array,
  order: Int32Array = topologicalOrder(graph),
): CriticalPath {
  const upward = upwardRanks(graph, taskCost, edgeCost, order);
  const downward = downwardRanks(graph, taskCost, edgeCost, order);
  let lengthMs = 0;
  let start = -1;
  for (let i = 0; i < graph.taskCount; i++) {
    const isSource = graph.predOffsets[i] === graph.predOffsets[i + 1];
    if (isSource && (start < 0 || upward[i]! > lengthMs)) {
      lengthMs = upward[i]!;
      start = i;
    }
  }
  const slackMs = new Float64Array(graph.taskCount);
  for (let i = 0; i < slackMs.length; i++) slackMs[i] = Math.max(0, lengthMs - upward[i]! - downward[i]!);
  const tasks = start < 0 ? new Int32Array(0) : walkPath(graph, start, upward, edgeCost);
  return { tasks, lengthMs, upward, downward, slackMs };
}

function walkPath(graph: DagGraph, start: number, upward: Float64Array, edgeCost: Float64Array): Int32Array {
  const { succOffsets, succTargets } = graph;
  const path: number[] = [start];
  let v = start;
  for (;;) {
    let next = -1;
    let best = Number.NEGATIVE_INFINITY;
    const end = succOffsets[v + 1]!;
    for (let e = succOffsets[v]!; e < end; e++) {
      const w = succTargets[e]!;
      const r = edgeCost[e]! + upward[w]!;
      if (r > best || (r === best && w < next)) {
        best = r;
        next = w;
      }
    }
    if (next < 0) break;
    path.push(next);
    v = next;
  }
  return Int32Array.from(path);
}

/** Sum of task and edge costs along `path` (task indices, consecutive ones joined by an edge). */
export function pathLengthMs(
  graph: DagGraph,
  path: ArrayLike<number>,
  taskCost: Float64Array,
  edgeCost: Float64Array,
): number {
  let total = 0;
  for (let k = 0; k < path.length; k++) {
    const v = path[k]!;
    total += taskCost[v]!;
    const w = path[k + 1];
    if (w === undefined) continue;
    const e = edgeIndex(graph, v, w);
    if (e < 0) throw new RangeError(`no edge ${graph.ids[v]} -> ${graph.ids[w]}`);
    total += edgeCost[e]!;
  }
  return total;
}

/** Edge index of `from → to`, or -1. Linear in `from`'s out-degree. */
export function edgeIndex(graph: DagGraph, from: number, to: number): number {
  const end = graph.succOffsets[from + 1]!;
  for (let e = graph.succOffsets[from]!; e < end; e++) if (graph.succTargets[e] === to) return e;
  return -1;
}
