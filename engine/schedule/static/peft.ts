/**
 * PEFT — Predict Earliest Finish Time (Arabnejad & Barbosa, IEEE TPDS 25(3), 2014).
 *
 * Priority: rank_oct(t) = mean over nodes of the optimistic cost table OCT(t, ·); ready tasks are
 * taken in decreasing rank_oct. Node: the one minimising O_EFT(t, p) = EFT(t, p) + OCT(t, p), with
 * insertion. Tie-breaking: equal ranks → lower topological position; equal O_EFT → lower EFT, then
 * lowest node index.
 */
import { listSchedule, type PlaceRule } from './list-schedule.js';
import type { StaticProblem } from './problem.js';
import { optimisticCostTable, rowMeans } from './ranks.js';
import type { StaticSchedule } from './schedule.js';

/** PEFT schedule of `problem` (deterministic; see the file comment for tie-breaking). */
export function peft(problem: StaticProblem): StaticSchedule {
  const oct = optimisticCostTable(problem);
  return listSchedule(problem, rowMeans(problem, oct), placeByLookahead(oct, 1)).schedule;
}

/**
 * Node rule minimising EFT(t, p) + weight × table(t, p), ties to the lower EFT then the lower node index.
 * With PEFT's OCT and weight 1 this is PEFT's processor selection.
 */
export function placeByLookahead(table: Float64Array, weight: number): PlaceRule {
  return (state, t) => {
    const n = state.problem.nodeCount;
    let best = -1;
    let bestKey = Number.POSITIVE_INFINITY;
    let bestStart = 0;
    let bestFinish = Number.POSITIVE_INFINITY;
    for (let p = 0; p < n; p++) {
      const f = state.earliestFinish(t, p);
      const key = f + weight * table[t * n + p]!;
      if (key < bestKey || (key === bestKey && f < bestFinish)) {
        best = p;
        bestKey = key;
        bestStart = state.lastStart;
        bestFinish = f;
      }
    }
    state.place(t, best, bestStart, bestFinish);
  };
}
