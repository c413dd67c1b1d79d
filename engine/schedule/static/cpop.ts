/**
 * CPOP — Critical Path On a Processor (Topcuoglu, Hariri & Wu, IEEE TPDS 13(3), 2002).
 *
 * Priority: rank_u + rank_d. The critical path starts at the entry task of highest priority and repeatedly
 * follows the successor of highest priority (the one whose priority equals |CP| in exact arithmetic) until
 * an exit task. The critical-path processor minimises the summed execution time of the critical-path tasks.
 * Ready tasks are taken in decreasing priority; critical-path tasks go to the critical-path processor,
 * others to their minimum-EFT node (insertion-based in both cases).
 * Tie-breaking: equal priorities → lower topological position (for the ready list and for the path walk);
 * equal sums or finish times → lowest node index.
 */
import { listSchedule, type PlaceRule } from './list-schedule.js';
import type { StaticProblem } from './problem.js';
import { downwardRank, upwardRank } from './ranks.js';
import type { StaticSchedule } from './schedule.js';

/** CPOP schedule of `problem` (deterministic; see the file comment for tie-breaking). */
export function cpop(problem: StaticProblem): StaticSchedule {
  if (problem.taskCount === 0) return listSchedule(problem, new Float64Array(0)).schedule;
  const up = upwardRank(problem);
  const down = downwardRank(problem);
  const priority = new Float64Array(problem.taskCount);
  for (let t = 0; t < problem.taskCount; t++) priority[t] = up[t]! + down[t]!;
  const onPath = criticalPathMask(problem, priority);
  const cpNode = criticalPathNode(problem, onPath);
  const rule: PlaceRule = (state, t) => {
    if (onPath[t] === 1) state.placeEarliest(t, cpNode);
    else {
      const p = state.bestEftNode(t);
      state.place(t, p, state.lastStart, state.lastFinish);
    }
  };
  return listSchedule(problem, priority, rule).schedule;
}

/** 1 for tasks on CPOP's critical path, walked from the best entry task along best successors. */
function criticalPathMask(problem: StaticProblem, priority: Float64Array): Uint8Array {
  const mask = new Uint8Array(problem.taskCount);
  let t = -1;
  for (let t0 = 0; t0 < problem.taskCount; t0++) {
    if (problem.predStart[t0 + 1] !== problem.predStart[t0]) continue;
    if (t < 0 || better(problem, priority, t0, t)) t = t0;
  }
  while (t >= 0) {
    mask[t] = 1;
    let next = -1;
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const s = problem.succTask[e]!;
      if (next < 0 || better(problem, priority, s, next)) next = s;
    }
    t = next;
  }
  return mask;
}

function better(problem: StaticProblem, priority: Float64Array, a: number, b: number): boolean {
  return (
    priority[a]! > priority[b]! || (priority[a] === priority[b] && problem.topoPos[a]! < problem.topoPos[b]!)
  );
}

/** Node minimising the summed execution time of the critical-path tasks (ties: lowest index). */
function criticalPathNode(problem: StaticProblem, onPath: Uint8Array): number {
  let best = 0;
  let bestSum = Number.POSITIVE_INFINITY;
  for (let p = 0; p < problem.nodeCount; p++) {
    let sum = 0;
    for (let t = 0; t < problem.taskCount; t++) {
      if (onPath[t] === 1) sum += problem.execTime[t * problem.nodeCount + p]!;
    }
    if (sum < bestSum) {
      bestSum = sum;
      best = p;
    }
  }
  return best;
}
