/**
 * Load-balanced ordering hint for list schedulers: tasks by decreasing upward rank (critical work
 * first), ties broken by longer work first (largest-processing-time, which balances load across
 * agents), then by topological position. The result is always a topological order when costs are ≥ 0.
 */
import type { DagGraph } from '../graph.js';
import { upwardRanks } from '../ranks.js';
import { orderPositions, topologicalOrder } from '../topo.js';

/** Task indices in hint order. `taskCost`/`edgeCost` as in `upwardRanks`, all ≥ 0. */
export function orderingHint(graph: DagGraph, taskCost: Float64Array, edgeCost: Float64Array): Int32Array {
  const order = topologicalOrder(graph);
  const rank = upwardRanks(graph, taskCost, edgeCost, order);
  const pos = orderPositions(order, graph.taskCount);
  const hint = Int32Array.from(order);
  hint.sort((a, b) => rank[b]! - rank[a]! || taskCost[b]! - taskCost[a]! || pos[a]! - pos[b]!);
  return hint;
}
