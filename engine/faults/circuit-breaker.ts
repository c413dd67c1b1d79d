/**
 * Circuit breakers (closed / open / half-open), one per agent and one per cluster, kept as plain numbers
 * in struct-of-arrays so they persist with the state. Closed: work flows and consecutive failures are
 * counted. Open: no work until the cool-down passes. Half-open: a few trial tasks; successes close it,
 * one failure re-opens it with a doubled cool-down (up to 8×).
 */
import { doubleArray } from '../core/typed-arrays.js';

export const BreakerState = { Closed: 0, Open: 1, HalfOpen: 2 } as const;
export const BREAKER_STATE_NAMES = ['closed', 'open', 'half-open'] as const;

/** One breaker's fields, stored at index `i` of each array. */
export interface Breakers {
  state: number[];
  failures: number[];
  successes: number[];
  openedAtMs: number[];
  /** Cool-down multiplier (1, 2, 4, 8). */
  backoff: number[];
}

export function createBreakers(): Breakers {
  return { state: [], failures: [], successes: [], openedAtMs: doubleArray(), backoff: [] };
}

/** Makes sure breaker `i` exists (closed). */
export function ensureBreaker(b: Breakers, i: number): void {
  while (b.state.length <= i) {
    b.state.push(BreakerState.Closed);
    b.failures.push(0);
    b.successes.push(0);
    b.openedAtMs.push(-1);
    b.backoff.push(1);
  }
}

/** Opens breaker `i` now. */
export function tripBreaker(b: Breakers, i: number, nowMs: number): void {
  if (b.state[i] === BreakerState.HalfOpen) b.backoff[i] = Math.min(8, b.backoff[i]! * 2);
  b.state[i] = BreakerState.Open;
  b.openedAtMs[i] = nowMs;
  b.failures[i] = 0;
  b.successes[i] = 0;
}

/** Records a failure; returns true when it opened the breaker. */
export function breakerFailure(b: Breakers, i: number, nowMs: number, failuresMax: number): boolean {
  const st = b.state[i]!;
  if (st === BreakerState.Open) return false;
  b.failures[i]!++;
  if (st === BreakerState.HalfOpen || b.failures[i]! >= failuresMax) {
    tripBreaker(b, i, nowMs);
    return true;
  }
  return false;
}

/** Records a success; returns true when it closed a half-open breaker. */
export function breakerSuccess(b: Breakers, i: number, successesToClose: number): boolean {
  const st = b.state[i]!;
  b.failures[i] = 0;
  if (st !== BreakerState.HalfOpen) return false;
  b.successes[i]!++;
  if (b.successes[i]! < successesToClose) return false;
  b.state[i] = BreakerState.Closed;
  b.successes[i] = 0;
  b.backoff[i] = 1;
  return true;
}

/** Half-opens an open breaker whose cool-down has passed; returns true when it did. */
export function breakerTick(b: Breakers, i: number, nowMs: number, openMs: number): boolean {
  if (b.state[i] !== BreakerState.Open) return false;
  if (nowMs - b.openedAtMs[i]! < openMs * b.backoff[i]!) return false;
  b.state[i] = BreakerState.HalfOpen;
  b.successes[i] = 0;
  return true;
}
