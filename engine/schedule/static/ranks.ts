/**
 * Task priorities of the list-scheduling literature, computed over the problem's topological order.
 */
import type { StaticProblem } from './problem.js';

/**
 * Upward rank (Topcuoglu et al. 2002, eq. 7): rank_u(t) = w̄(t) + max over successors s of
 * (c̄(t, s) + rank_u(s)), where w̄ is the task's execution time averaged over nodes (or `execWeight`
 * when given) and c̄ = size × the mean time per data unit between distinct nodes.
 */
export function upwardRank(
  problem: StaticProblem,
  execWeight: Float64Array = problem.meanExecTime,
): Float64Array {
  const rank = new Float64Array(problem.taskCount);
  const commPerUnit = problem.meanTransferPerUnit;
  for (let i = problem.taskCount - 1; i >= 0; i--) {
    const t = problem.topoOrder[i]!;
    let tail = 0;
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const v = problem.succSize[e]! * commPerUnit + rank[problem.succTask[e]!]!;
      if (v > tail) tail = v;
    }
    rank[t] = execWeight[t]! + tail;
  }
  return rank;
}

/**
 * Downward rank (Topcuoglu et al. 2002, eq. 8): rank_d(t) = max over predecessors u of
 * (rank_d(u) + w̄(u) + c̄(u, t)); 0 for entry tasks.
 */
export function downwardRank(problem: StaticProblem): Float64Array {
  const rank = new Float64Array(problem.taskCount);
  const commPerUnit = problem.meanTransferPerUnit;
  for (let i = 0; i < problem.taskCount; i++) {
    const t = problem.topoOrder[i]!;
    let head = 0;
    for (let e = problem.predStart[t]!; e < problem.predStart[t + 1]!; e++) {
      const u = problem.predTask[e]!;
      const v = rank[u]! + problem.meanExecTime[u]! + problem.predSize[e]! * commPerUnit;
      if (v > head) head = v;
    }
    rank[t] = head;
  }
  return rank;
}

/**
 * Optimistic cost table of PEFT (Arabnejad & Barbosa 2014): OCT(t, p) = max over successors s of
 * min over nodes q of (OCT(s, q) + w(s, q) + c̄(t, s)·[q ≠ p]); 0 for exit tasks. Stored at
 * `[t * nodeCount + p]`. The inner minimum is min(OCT(s,p) + w(s,p), c̄ + min_q (OCT(s,q) + w(s,q))),
 * so the table costs O(edges × nodes).
 */
export function optimisticCostTable(problem: StaticProblem): Float64Array {
  const nodeCount = problem.nodeCount;
  const oct = new Float64Array(problem.taskCount * nodeCount);
  const bestVia = new Float64Array(problem.taskCount); // min_q OCT(s,q) + w(s,q)
  for (let i = problem.taskCount - 1; i >= 0; i--) {
    const t = problem.topoOrder[i]!;
    const row = t * nodeCount;
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const s = problem.succTask[e]!;
      const remote = bestVia[s]! + problem.succSize[e]! * problem.meanTransferPerUnit;
      const srow = s * nodeCount;
      for (let p = 0; p < nodeCount; p++) {
        const local = oct[srow + p]! + problem.execTime[srow + p]!;
        const v = Math.min(local, remote);
        if (v > oct[row + p]!) oct[row + p] = v;
      }
    }
    let min = Number.POSITIVE_INFINITY;
    for (let p = 0; p < nodeCount; p++) {
      const v = oct[row + p]! + problem.execTime[row + p]!;
      if (v < min) min = v;
    }
    bestVia[t] = min;
  }
  return oct;
}

/** Row means of a task × node table (PEFT's rank_oct). */
export function rowMeans(problem: StaticProblem, table: Float64Array): Float64Array {
  const out = new Float64Array(problem.taskCount);
  const n = problem.nodeCount;
  for (let t = 0; t < problem.taskCount; t++) {
    let sum = 0;
    for (let p = 0; p < n; p++) sum += table[t * n + p]!;
    out[t] = n > 0 ? sum / n : 0;
  }
  return out;
}
