/**
 * Generic ready-list scheduling: repeatedly take the ready task with the highest priority (ties: lower
 * topological position) and let a node-selection rule place it. All priority-based heuristics use it.
 */
import { PlacementState } from './placement-state.js';
import type { StaticProblem } from './problem.js';
import { ReadyQueue } from './ready-queue.js';
import type { StaticSchedule } from './schedule.js';

/** Places task t (all its predecessors are placed) by calling one of `state`'s place methods. */
export type PlaceRule = (state: PlacementState, t: number) => void;

/** Minimum-EFT placement with insertion; ties to the lowest node index (HEFT's processor selection). */
export const placeAtBestEft: PlaceRule = (state, t) => {
  const p = state.bestEftNode(t);
  state.place(t, p, state.lastStart, state.lastFinish);
};

/**
 * Schedules every task in ready-list order by `priority` (higher first, ties to the lower topological
 * position), placing each with `rule`. Returns the schedule and the order tasks were placed in.
 */
export function listSchedule(
  problem: StaticProblem,
  priority: Float64Array,
  rule: PlaceRule = placeAtBestEft,
  insertion = true,
): { schedule: StaticSchedule; order: Int32Array } {
  const state = new PlacementState(problem, insertion);
  const order = new Int32Array(problem.taskCount);
  const waiting = new Int32Array(problem.taskCount);
  const queue = new ReadyQueue(problem.taskCount, priority, problem.topoPos);
  for (let t = 0; t < problem.taskCount; t++) {
    waiting[t] = problem.predStart[t + 1]! - problem.predStart[t]!;
    if (waiting[t] === 0) queue.push(t);
  }
  for (let i = 0; i < problem.taskCount; i++) {
    const t = queue.pop();
    order[i] = t;
    rule(state, t);
    for (let e = problem.succStart[t]!; e < problem.succStart[t + 1]!; e++) {
      const s = problem.succTask[e]!;
      if (--waiting[s]! === 0) queue.push(s);
    }
  }
  return { schedule: state.toSchedule(), order };
}
