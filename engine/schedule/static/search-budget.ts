/**
 * How long an improvement search may run. The engine core never reads a clock, so a time budget comes in
 * as a port: the caller passes `now` (the CLI uses performance.now; tests use iteration counts instead).
 */

export interface SearchBudget {
  /** true once the search must stop; called once per search step, so it may count steps. */
  expired(): boolean;
}

/** Expires after `steps` calls to `expired()` that returned false (deterministic). */
export function iterationBudget(steps: number): SearchBudget {
  let left = steps;
  return { expired: () => left-- <= 0 };
}

/** Expires once `now()` has advanced `budgetMs` past its value at creation. `now` is in milliseconds. */
export function clockBudget(now: () => number, budgetMs: number): SearchBudget {
  const deadline = now() + budgetMs;
  return { expired: () => now() >= deadline };
}

/** Expires as soon as either budget does. */
export function eitherBudget(a: SearchBudget, b: SearchBudget): SearchBudget {
  return { expired: () => a.expired() || b.expired() };
}
