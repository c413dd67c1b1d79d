/**
 * Min-Min and Max-Min (Ibarra & Kim 1977; Braun et al. 2001) adapted to DAGs: at each step, every ready
 * task's minimum earliest finish time over all nodes (insertion-based) is known; Min-Min schedules the
 * ready task whose minimum EFT is smallest, Max-Min the one whose minimum EFT is largest, on the node
 * achieving it. Then the tasks whose inputs are now all placed join the ready set.
 *
 * Cached minimum EFTs stay exact: placing a task on node p can only delay other tasks on p, and a ready
 * task's data-ready times do not change, so only the ready tasks whose best node was p are recomputed.
 * Tie-breaking: equal EFTs between tasks → lower topological position; between nodes → lowest node index.
 */
import { PlacementState } from './placement-state.js';
import type { StaticProblem } from './problem.js';
import type { StaticSchedule } from './schedule.js';

/** Min-Min schedule of `problem` (deterministic; see the file comment for tie-breaking). */
export function minMin(problem: StaticProblem): StaticSchedule {
  return batchSchedule(problem, 'min');
}

/** Max-Min schedule of `problem` (deterministic; see the file comment for tie-breaking). */
export function maxMin(problem: StaticProblem): StaticSchedule {
  return batchSchedule(problem, 'max');
}

function batchSchedule(problem: StaticProblem, pick: 'min' | 'max'): StaticSchedule {
  const state = new PlacementState(problem);
  const n = problem.taskCount;
  const waiting = new Int32Array(n);
  const bestNode = new Int32Array(n);
  const bestStart = new Float64Array(n);
  const bestFinish = new Float64Array(n);
  const ready: number[] = [];
  const refresh = (t: number): void => {
    bestNode[t] = state.bestEftNode(t);
    bestStart[t] = state.lastStart;
    bestFinish[t] = state.lastFinish;
  };
  for (let t = 0; t < n; t++) {
    waiting[t] = problem.predStart[t + 1]! - problem.predStart[t]!;
    if (waiting[t] === 0) {
      ready.push(t);
      refresh(t);
    }
  }
  while (ready.length > 0) {
    const at = selectIndex(problem, ready, bestFinish, pick);
    const t = ready[at]!;
    ready[at] = ready[ready.length - 1]!;
    ready.pop();
    const p = bestNode[t]!;
    state.place(t, p, bestStart[t]!, bestFinish[t]!);
    for (const r of ready) if (bestNode[r] === p) refresh(r);
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const s = problem.succTask[e]!;
      if (--waiting[s]! === 0) {
        ready.push(s);
        refresh(s);
      }
    }
  }
  return state.toSchedule();
}

/** Position in `ready` of the task to schedule next. */
function selectIndex(
  problem: StaticProblem,
  ready: number[],
  finish: Float64Array,
  pick: 'min' | 'max',
): number {
  let best = 0;
  for (let i = 1; i < ready.length; i++) {
    const a = finish[ready[i]!]!;
    const b = finish[ready[best]!]!;
    const wins = pick === 'min' ? a < b : a > b;
    if (wins || (a === b && problem.topoPos[ready[i]!]! < problem.topoPos[ready[best]!]!)) best = i;
  }
  return best;
}
