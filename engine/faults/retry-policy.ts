/**
 * Retry back-off: how long a task waits before its next attempt. Exponential (base · 2^(n−1)), linear
 * (base · n), fixed (base) or immediate; capped at `maxMs`; jittered by a draw from the seeded `faults`
 * stream so many tasks failing together do not retry in lock-step.
 */
import type { Random } from '../model/random.js';
import type { RetryPolicy } from './fault-config.js';

/** Delay before retry number `retry` (1 = the first retry). Deterministic given the random stream. */
export function retryDelayMs(policy: RetryPolicy, retry: number, random: Random): number {
  const n = Math.max(1, retry);
  let base: number;
  switch (policy.kind) {
    case 'immediate':
      return 0;
    case 'fixed':
      base = policy.baseMs;
      break;
    case 'linear':
      base = policy.baseMs * n;
      break;
    case 'exponential':
      base = policy.baseMs * 2 ** Math.min(n - 1, 30);
      break;
  }
  const capped = Math.min(policy.maxMs, base);
  if (policy.jitter <= 0) return Math.round(capped);
  const j = (random.next() * 2 - 1) * policy.jitter;
  return Math.max(0, Math.round(Math.min(policy.maxMs, capped * (1 + j))));
}
