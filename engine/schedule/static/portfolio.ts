/**
 * Portfolio scheduler: runs the classic list schedulers, keeps the best, then improves it with an
 * iterated local search until the budget expires, and returns the best schedule that passed the validator.
 *
 * Every candidate is a complete list schedule (insertion-based, re-timed from scratch), so it is valid by
 * construction; each new incumbent is still checked by `validateSchedule` and dropped if it fails.
 * Since HEFT runs first and is only replaced by a strictly shorter valid schedule, the result is never
 * worse than HEFT. Moves (see `improvement-moves.ts`): randomised perturbation of the priority vector
 * decoded with earliest-finish-time placement (sometimes with PEFT's OCT lookahead), re-ranking on the
 * incumbent's own assignment, moving a task of the critical chain to another node, and letting a critical
 * task go before the task it waited for on its node. Candidates no longer than the current one (plus
 * `acceptSlack`) replace it; after `restartAfter` steps without a new best the search returns to the best.
 * Deterministic for a given seed and iteration budget.
 */
import type { Random } from '../../model/random.js';
import { cpop } from './cpop.js';
import { heft } from './heft.js';
import { type Candidate, type MoveContext, type MoveMix, proposeCandidate } from './improvement-moves.js';
import { maxMin, minMin } from './min-min.js';
import { peft } from './peft.js';
import type { StaticProblem } from './problem.js';
import { optimisticCostTable, upwardRank } from './ranks.js';
import type { StaticSchedule } from './schedule.js';
import { startOrderPriority } from './schedule-analysis.js';
import type { SearchBudget } from './search-budget.js';
import { validateSchedule } from './validate-schedule.js';

export interface PortfolioOptions {
  budget: SearchBudget;
  random: Random;
  /** Iterations without improvement before the search restarts from the best schedule. */
  restartAfter?: number;
  /** Relative frequency of the local-search moves (tuning; see `DEFAULT_MOVE_MIX`). */
  moveMix?: MoveMix;
  /** OCT lookahead weights for perturbed decodes (default [0, 0, 0.5, 1]; [0] = plain EFT only). */
  lookaheadWeights?: readonly number[];
  /** A candidate up to this fraction longer than the current one is still accepted (plateaus, escapes). */
  acceptSlack?: number;
}

export interface PortfolioResult {
  schedule: StaticSchedule;
  /** The heuristic or move that produced the returned schedule. */
  origin: string;
  /** Makespan of each classic heuristic that ran (HEFT always does). */
  baseMakespans: Record<string, number>;
  iterations: number;
}

const BASES: readonly [string, (p: StaticProblem) => StaticSchedule][] = [
  ['peft', peft],
  ['cpop', cpop],
  ['minmin', minMin],
  ['maxmin', maxMin],
];

/** Best valid schedule found within `options.budget` (never longer than HEFT's). */
export function portfolio(problem: StaticProblem, options: PortfolioOptions): PortfolioResult {
  const rank = upwardRank(problem);
  const first = heft(problem);
  let best: Candidate = { schedule: first, priority: rank, origin: 'heft' };
  const baseMakespans: Record<string, number> = { heft: first.makespan };
  for (const [name, run] of BASES) {
    if (options.budget.expired()) break;
    const schedule = run(problem);
    baseMakespans[name] = schedule.makespan;
    if (schedule.makespan < best.schedule.makespan && isValid(problem, schedule)) {
      best = { schedule, priority: startOrderPriority(schedule), origin: name };
    }
  }
  const search = improve(problem, best, options);
  return {
    schedule: search.best.schedule,
    origin: search.best.origin,
    baseMakespans,
    iterations: search.iterations,
  };
}

function isValid(problem: StaticProblem, schedule: StaticSchedule): boolean {
  return validateSchedule(problem, schedule, 1).length === 0;
}

/** Iterated local search from `start`; returns the best valid candidate and the iterations run. */
function improve(
  problem: StaticProblem,
  start: Candidate,
  options: PortfolioOptions,
): { best: Candidate; iterations: number } {
  const lowerBound = makespanLowerBound(problem);
  const restartAfter = options.restartAfter ?? 200;
  const slack = options.acceptSlack ?? 0;
  const context: MoveContext = {
    oct: optimisticCostTable(problem),
    lookaheadWeights: options.lookaheadWeights ?? [0, 0, 0.5, 1],
  };
  let best = start;
  let current = start;
  let iterations = 0;
  let stale = 0;
  while (best.schedule.makespan > lowerBound * (1 + 1e-9) && !options.budget.expired()) {
    iterations++;
    const candidate = proposeCandidate(problem, current, options.random, context, options.moveMix);
    if (candidate.schedule.makespan <= current.schedule.makespan * (1 + slack)) current = candidate;
    if (candidate.schedule.makespan < best.schedule.makespan && isValid(problem, candidate.schedule)) {
      best = candidate;
      stale = 0;
    } else if (++stale >= restartAfter) {
      current = best;
      stale = 0;
    }
  }
  return { best, iterations };
}

/**
 * A makespan no schedule can beat: the longest path with every task at its fastest and free transfers,
 * and the total fastest work spread over all nodes.
 */
export function makespanLowerBound(problem: StaticProblem): number {
  const path = new Float64Array(problem.taskCount);
  let longest = 0;
  let work = 0;
  for (let i = 0; i < problem.taskCount; i++) {
    const t = problem.topoOrder[i]!;
    let head = 0;
    for (let e = problem.predStart[t]!; e < problem.predStart[t + 1]!; e++) {
      head = Math.max(head, path[problem.predTask[e]!]!);
    }
    path[t] = head + problem.minExecTime[t]!;
    longest = Math.max(longest, path[t]!);
    work += problem.minExecTime[t]!;
  }
  return Math.max(longest, problem.nodeCount > 0 ? work / problem.nodeCount : 0);
}
