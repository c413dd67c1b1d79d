/**
 * Upward and downward ranks (HEFT/PEFT/CPOP): the longest cost path from a task to the exit (including
 * the task) and from the entry to the task (excluding it), counting compute cost per task and
 * communication cost per edge.
 */
import type { DagGraph } from './graph.js';
import { topologicalOrder } from './topo.js';

/**
 * rankU(i) = taskCost[i] + max over children j of (edgeCost[i→j] + rankU(j)); sinks get their own cost.
 * `taskCost` has one entry per task, `edgeCost` one per edge (graph edge index).
 */
export function upwardRanks(
  graph: DagGraph,
  taskCost: Float64Array,
  edgeCost: Float64Array,
  order: Int32Array = topologicalOrder(graph),
): Float64Array {
  const { succOffsets, succTargets } = graph;
  const rank = new Float64Array(graph.taskCount);
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    let best = 0;
    const end = succOffsets[v + 1]!;
    for (let e = succOffsets[v]!; e < end; e++) {
      const r = edgeCost[e]! + rank[succTargets[e]!]!;
      if (r > best) best = r;
    }
    rank[v] = taskCost[v]! + best;
  }
  return rank;
}

/**
 * rankD(i) = max over parents p of (rankD(p) + taskCost[p] + edgeCost[p→i]); sources get 0. It is the
 * earliest start of i with unlimited agents.
 */
export function downwardRanks(
  graph: DagGraph,
  taskCost: Float64Array,
  edgeCost: Float64Array,
  order: Int32Array = topologicalOrder(graph),
): Float64Array {
  const { predOffsets, predSources, predEdges } = graph;
  const rank = new Float64Array(graph.taskCount);
  for (let k = 0; k < order.length; k++) {
    const v = order[k]!;
    let best = 0;
    const end = predOffsets[v + 1]!;
    for (let p = predOffsets[v]!; p < end; p++) {
      const u = predSources[p]!;
      const r = rank[u]! + taskCost[u]! + edgeCost[predEdges[p]!]!;
      if (r > best) best = r;
    }
    rank[v] = best;
  }
  return rank;
}
