/**
 * Cycle detection by iterative depth-first search (no recursion, so 100k-task chains are safe).
 */
import type { DagGraph } from './graph.js';

const WHITE = 0;
const GREY = 1;
const BLACK = 2;

/**
 * One cycle as task indices in edge order (`c[0] → c[1] → … → c[0]`), or `null` when the graph is
 * acyclic. Deterministic: starts from the lowest index and follows successors in edge order.
 */
export function findCycle(graph: DagGraph): number[] | null {
  const n = graph.taskCount;
  const color = new Uint8Array(n);
  const stack = new Int32Array(n);
  const cursor = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (color[root] !== WHITE) continue;
    const found = dfsFrom(graph, root, color, stack, cursor);
    if (found) return found;
  }
  return null;
}

function dfsFrom(
  graph: DagGraph,
  root: number,
  color: Uint8Array,
  stack: Int32Array,
  cursor: Int32Array,
): number[] | null {
  const { succOffsets, succTargets } = graph;
  let top = 0;
  stack[0] = root;
  cursor[root] = succOffsets[root]!;
  color[root] = GREY;
  while (top >= 0) {
    const v = stack[top]!;
    if (cursor[v]! >= succOffsets[v + 1]!) {
      color[v] = BLACK;
      top--;
      continue;
    }
    const w = succTargets[cursor[v]!++]!;
    if (color[w] === GREY) return cycleFromStack(stack, top, w);
    if (color[w] === WHITE) {
      color[w] = GREY;
      cursor[w] = succOffsets[w]!;
      stack[++top] = w;
    }
  }
  return null;
}

function cycleFromStack(stack: Int32Array, top: number, start: number): number[] {
  let k = top;
  while (stack[k] !== start) k--;
  return Array.from(stack.subarray(k, top + 1));
}
