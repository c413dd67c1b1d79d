/**
 * Quality metrics of a schedule, as in Topcuoglu et al. (2002, §5.2).
 */
import type { StaticProblem } from '../../../engine/schedule/static/problem.js';

/**
 * Denominator of the schedule length ratio: the longest path when every task runs at its minimum
 * execution time and transfers are free (Σ min wᵢ over CP_MIN). SLR = makespan / this.
 */
export function criticalPathMin(problem: StaticProblem): number {
  const path = new Float64Array(problem.taskCount);
  let longest = 0;
  for (let i = 0; i < problem.taskCount; i++) {
    const t = problem.topoOrder[i]!;
    let head = 0;
    for (let e = problem.predStart[t]!; e < problem.predStart[t + 1]!; e++)
      head = Math.max(head, path[problem.predTask[e]!]!);
    path[t] = head + problem.minExecTime[t]!;
    longest = Math.max(longest, path[t]!);
  }
  return longest;
}

/** Best sequential time: everything on the single node that runs the whole graph fastest. */
export function sequentialTime(problem: StaticProblem): number {
  let best = Number.POSITIVE_INFINITY;
  for (let p = 0; p < problem.nodeCount; p++) {
    let sum = 0;
    for (let t = 0; t < problem.taskCount; t++) sum += problem.execTime[t * problem.nodeCount + p]!;
    best = Math.min(best, sum);
  }
  return best;
}
