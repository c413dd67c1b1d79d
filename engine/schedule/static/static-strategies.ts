/**
 * The static strategies by name, as the `plan` command and the quality benchmark select them.
 */
import type { Random } from '../../model/random.js';
import { cpop } from './cpop.js';
import { heft } from './heft.js';
import { maxMin, minMin } from './min-min.js';
import { peft } from './peft.js';
import { portfolio } from './portfolio.js';
import type { StaticProblem } from './problem.js';
import type { StaticSchedule } from './schedule.js';
import type { SearchBudget } from './search-budget.js';

export const STATIC_STRATEGIES = ['heft', 'peft', 'cpop', 'minmin', 'maxmin', 'portfolio'] as const;
export type StaticStrategy = (typeof STATIC_STRATEGIES)[number];

/** What the portfolio needs; the classic heuristics ignore it. */
export interface StaticPlanOptions {
  budget: SearchBudget;
  random: Random;
}

/** Whether `name` is one of `STATIC_STRATEGIES`. */
export function isStaticStrategy(name: string): name is StaticStrategy {
  return (STATIC_STRATEGIES as readonly string[]).includes(name);
}

/** Schedule of `problem` by the named strategy (deterministic for the heuristics). */
export function planStatic(
  problem: StaticProblem,
  strategy: StaticStrategy,
  options: StaticPlanOptions,
): StaticSchedule {
  switch (strategy) {
    case 'heft':
      return heft(problem);
    case 'peft':
      return peft(problem);
    case 'cpop':
      return cpop(problem);
    case 'minmin':
      return minMin(problem);
    case 'maxmin':
      return maxMin(problem);
    case 'portfolio':
      return portfolio(problem, options).schedule;
  }
}
