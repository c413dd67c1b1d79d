/**
 * Load-balanced ordering hint for list schedulers: tasks by decreasing upward rank (critical work
 * first), ties broken by longer work first (largest-processing-time, which balances load across
 * agents), then by topological position. Built as a priority-driven topological sort (Kahn's algorithm
 * taking the best-ranked ready task each step), so it is always a topological order — a plain sort by
 * rank is not: with zero-cost tasks or edges a parent and its child share a rank, and the
 * longer-work tie-break would put the child first.
 */
import type { DagGraph } from '../graph.js';
import { upwardRanks } from '../ranks.js';
import { orderPositions, topologicalOrder } from '../topo.js';

/** Task indices in hint order. `taskCost`/`edgeCost` as in `upwardRanks`, all ≥ 0. */
export function orderingHint(graph: DagGraph, taskCost: Float64Array, edgeCost: Float64Array): Int32Array {
  const n = graph.taskCount;
  const order = topologicalOrder(graph);
  const rank = upwardRanks(graph, taskCost, edgeCost, order);
  const pos = orderPositions(order, n);
  /** True when task a goes before task b among ready tasks. */
  const before = (a: number, b: number) =>
    rank[a]! !== rank[b]!
      ? rank[a]! > rank[b]!
      : taskCost[a] !== taskCost[b]
        ? taskCost[a]! > taskCost[b]!
        : pos[a]! < pos[b]!;
  const pending = new Int32Array(n);
  for (let v = 0; v < n; v++) pending[v] = graph.predOffsets[v + 1]! - graph.predOffsets[v]!;
  // Binary heap of ready tasks, best first.
  const heap = new Int32Array(n);
  let size = 0;
  const push = (v: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(v, heap[p]!)) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = v;
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap[--size]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const c = l + 1 < size && before(heap[l + 1]!, heap[l]!) ? l + 1 : l;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let v = 0; v < n; v++) if (pending[v] === 0) push(v);
  const hint = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const v = pop();
    hint[k] = v;
    for (let e = graph.succOffsets[v]!; e < graph.succOffsets[v + 1]!; e++) {
      const w = graph.succTargets[e]!;
      if (--pending[w]! === 0) push(w);
    }
  }
  return hint;
}
