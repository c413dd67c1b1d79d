/**
 * Facts about a finished schedule that improvement moves need: the chain of tasks that determines the
 * makespan, and task priorities that reproduce the schedule's order.
 */
import type { StaticProblem } from './problem.js';
import type { StaticSchedule } from './schedule.js';

/**
 * Tasks on the schedule's critical chain, last first: from the task finishing last, repeatedly step to
 * whatever made the current task start when it did — the predecessor whose data arrived exactly then
 * (lowest index on ties), else the task just before it on its node. Stops at a task starting at time 0
 * or with nothing binding it (it then started at a gap's end, which cannot happen with EFT placement).
 */
export function criticalChain(problem: StaticProblem, s: StaticSchedule): number[] {
  const n = problem.taskCount;
  if (n === 0) return [];
  const previousOnNode = previousTaskOnNode(problem, s);
  let t = 0;
  for (let i = 1; i < n; i++) if (s.finish[i]! > s.finish[t]!) t = i;
  const chain: number[] = [];
  const eps = 1e-9 * Math.max(1, s.makespan);
  while (t >= 0 && chain.length <= n) {
    chain.push(t);
    if (s.start[t]! <= eps) break;
    t = bindingPredecessor(problem, s, t, eps, previousOnNode);
  }
  return chain;
}

function bindingPredecessor(
  problem: StaticProblem,
  s: StaticSchedule,
  t: number,
  eps: number,
  previousOnNode: Int32Array,
): number {
  const p = s.node[t]!;
  for (let e = problem.predStart[t]!; e < problem.predStart[t + 1]!; e++) {
    const u = problem.predTask[e]!;
    const q = s.node[u]!;
    const arrival =
      q === p
        ? s.finish[u]!
        : s.finish[u]! + problem.predSize[e]! / problem.linkSpeed[q * problem.nodeCount + p]!;
    if (Math.abs(arrival - s.start[t]!) <= eps) return u;
  }
  const prev = previousOnNode[t]!;
  return prev >= 0 && Math.abs(s.finish[prev]! - s.start[t]!) <= eps ? prev : -1;
}

/** For each task, the task running just before it on the same node (-1 for the first). */
export function previousTaskOnNode(problem: StaticProblem, s: StaticSchedule): Int32Array {
  const order = Array.from({ length: problem.taskCount }, (_, t) => t);
  order.sort((a, b) => s.node[a]! - s.node[b]! || s.start[a]! - s.start[b]! || s.finish[a]! - s.finish[b]!);
  const prev = new Int32Array(problem.taskCount).fill(-1);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (s.node[a] === s.node[b]) prev[b] = a;
  }
  return prev;
}

/**
 * Upward rank measured on the schedule's own assignment: a task's execution time on its node plus the
 * largest (transfer time to a successor's node + the successor's rank). Ordering by it favours the tasks
 * that are actually long given where things run.
 */
export function assignedUpwardRank(problem: StaticProblem, s: StaticSchedule): Float64Array {
  const rank = new Float64Array(problem.taskCount);
  const n = problem.nodeCount;
  for (let i = problem.taskCount - 1; i >= 0; i--) {
    const t = problem.topoOrder[i]!;
    const p = s.node[t]!;
    let tail = 0;
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const c = problem.succTask[e]!;
      const q = s.node[c]!;
      const comm = p === q ? 0 : problem.succSize[e]! / problem.linkSpeed[p * n + q]!;
      const v = comm + rank[c]!;
      if (v > tail) tail = v;
    }
    rank[t] = problem.execTime[t * n + p]! + tail;
  }
  return rank;
}

/** Priorities (higher first) that make a ready-list scheduler take tasks in the schedule's start order. */
export function startOrderPriority(s: StaticSchedule): Float64Array {
  const prio = new Float64Array(s.start.length);
  for (let t = 0; t < prio.length; t++) prio[t] = -s.start[t]!;
  return prio;
}
