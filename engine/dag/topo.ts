/**
 * Deterministic topological order (Kahn's algorithm, FIFO, sources in index order). The order depends
 * only on the graph: task indices follow the spec's task order and successor lists keep edge order.
 */

import { findCycle } from './cycle.js';
import { dagError } from './errors.js';
import type { DagGraph } from './graph.js';

/**
 * Topological order as far as it goes: every task whose ancestors are all acyclic. Its length is
 * `taskCount` exactly when the graph is a DAG.
 */
export function partialTopologicalOrder(graph: DagGraph): Int32Array {
  const n = graph.taskCount;
  const { predOffsets, succOffsets, succTargets } = graph;
  const indegree = new Int32Array(n);
  const order = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    indegree[i] = predOffsets[i + 1]! - predOffsets[i]!;
    if (indegree[i] === 0) order[tail++] = i;
  }
  for (let head = 0; head < tail; head++) {
    const v = order[head]!;
    const end = succOffsets[v + 1]!;
    for (let e = succOffsets[v]!; e < end; e++) {
      const w = succTargets[e]!;
      if (--indegree[w]! === 0) order[tail++] = w;
    }
  }
  return tail === n ? order : order.slice(0, tail);
}

/**
 * Topological order of all tasks: every edge u→v has u before v. Throws a `DagError` with code `cycle`
 * naming one cycle's task ids in order when the graph is not acyclic.
 */
export function topologicalOrder(graph: DagGraph): Int32Array {
  const order = partialTopologicalOrder(graph);
  if (order.length === graph.taskCount) return order;
  const cycle = (findCycle(graph) ?? []).map((i) => graph.ids[i] ?? String(i));
  throw dagError('cycle', `the DAG has a cycle: ${[...cycle, cycle[0]].join(' -> ')}`, cycle);
}

/** Position of each task in `order` (inverse permutation). */
export function orderPositions(order: Int32Array, taskCount: number): Int32Array {
  const pos = new Int32Array(taskCount).fill(-1);
  for (let k = 0; k < order.length; k++) pos[order[k]!] = k;
  return pos;
}
