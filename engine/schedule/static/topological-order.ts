/**
 * Deterministic topological order of a graph given as successor lists in CSR form (Kahn's algorithm,
 * always releasing the lowest task index first among the ready ones, so equal inputs give equal orders).
 */
import { ReadyQueue } from './ready-queue.js';

/**
 * Topological order of `taskCount` tasks whose successors of `t` are
 * `succTask[succStart[t] .. succStart[t + 1])`. Returns null when the graph has a cycle.
 * Ties (several ready tasks) go to the lowest task index.
 */
export function topologicalOrder(
  taskCount: number,
  succStart: Int32Array,
  succTask: Int32Array,
): Int32Array | null {
  const inDegree = new Int32Array(taskCount);
  for (let e = 0; e < succTask.length; e++) inDegree[succTask[e]!]!++;
  // Equal priorities, tie rank = task index: the ready queue releases the lowest index first.
  const heap = new ReadyQueue(
    taskCount,
    new Float64Array(taskCount),
    Int32Array.from({ length: taskCount }, (_, i) => i),
  );
  for (let t = 0; t < taskCount; t++) if (inDegree[t] === 0) heap.push(t);
  const order = new Int32Array(taskCount);
  let count = 0;
  while (heap.size > 0) {
    const t = heap.pop();
    order[count++] = t;
    for (let e = succStart[t]!; e < succStart[t + 1]!; e++) {
      const s = succTask[e]!;
      if (--inDegree[s]! === 0) heap.push(s);
    }
  }
  return count === taskCount ? order : null;
}

/** Tasks that lie on some cycle, as one cycle `[a, b, …, a]` (for error messages); empty if acyclic. */
export function findCycle(taskCount: number, succStart: Int32Array, succTask: Int32Array): number[] {
  const state = new Uint8Array(taskCount); // 0 new, 1 on stack, 2 done
  const parent = new Int32Array(taskCount).fill(-1);
  const edgeCursor = new Int32Array(taskCount);
  for (let root = 0; root < taskCount; root++) {
    if (state[root] !== 0) continue;
    const stack = [root];
    state[root] = 1;
    edgeCursor[root] = succStart[root]!;
    while (stack.length > 0) {
      const t = stack[stack.length - 1]!;
      if (edgeCursor[t]! >= succStart[t + 1]!) {
        state[t] = 2;
        stack.pop();
        continue;
      }
      const s = succTask[edgeCursor[t]!++]!;
      if (state[s] === 1) return unwindCycle(parent, t, s);
      if (state[s] === 0) {
        state[s] = 1;
        parent[s] = t;
        edgeCursor[s] = succStart[s]!;
        stack.push(s);
      }
    }
  }
  return [];
}

function unwindCycle(parent: Int32Array, from: number, to: number): number[] {
  const path = [to];
  for (let t = from; t !== to && t >= 0; t = parent[t]!) path.push(t);
  path.push(to);
  return path.reverse();
}
