import { describe, expect, it } from 'vitest';
import {
  BreakerState,
  breakerFailure,
  breakerSuccess,
  breakerTick,
  createBreakers,
  ensureBreaker,
} from '../../../engine/faults/circuit-breaker.js';
import type { RetryPolicy } from '../../../engine/faults/fault-config.js';
import { observeInterval, phi, suspectAtMs, yForPhi } from '../../../engine/faults/phi-accrual.js';
import { retryDelayMs } from '../../../engine/faults/retry-policy.js';
import { createRandom } from '../../../engine/model/random.js';

describe('phi-accrual detector', () => {
  it('phi grows with silence and crosses the threshold where yForPhi says', () => {
    const y = yForPhi(8);
    expect(phi(1000, 1000, 100)).toBeCloseTo(0.3, 1);
    expect(phi(1200, 1000, 100)).toBeGreaterThan(phi(1100, 1000, 100));
    expect(phi(1000 + y * 100, 1000, 100)).toBeCloseTo(8, 3);
    expect(y).toBeGreaterThan(4);
    expect(y).toBeLessThan(7);
  });

  it('a higher threshold suspects later', () => {
    const st = { meanMs: 1000, varMs2: 0 };
    expect(suspectAtMs(0, st, yForPhi(12), 100)).toBeGreaterThan(suspectAtMs(0, st, yForPhi(8), 100));
  });

  it('a lost heartbeat (a doubled interval) moves the mean by a clipped amount only', () => {
    const st = { meanMs: 1000, varMs2: 0 };
    observeInterval(st, 2000, 0.1);
    expect(st.meanMs).toBeCloseTo(1025, 5);
    expect(Math.sqrt(st.varMs2)).toBeLessThan(100);
  });
});

const policy = (over: Partial<RetryPolicy>): RetryPolicy => ({
  kind: 'exponential',
  baseMs: 100,
  maxMs: 1000,
  jitter: 0,
  memoryFactor: 1,
  ...over,
});

describe('retry policies', () => {
  it.each([
    ['exponential', [100, 200, 400, 800, 1000]],
    ['linear', [100, 200, 300, 400, 500]],
    ['fixed', [100, 100, 100, 100, 100]],
    ['immediate', [0, 0, 0, 0, 0]],
  ] as const)('%s back-off, capped at maxMs', (kind, expected) => {
    const r = createRandom(1);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy({ kind }), n, r))).toEqual(expected);
  });

  it('jitter stays within its share and is deterministic for a seed', () => {
    const draw = (seed: number) =>
      Array.from({ length: 50 }, (_, i) =>
        retryDelayMs(policy({ jitter: 0.2, maxMs: 1e9 }), 1 + (i % 3), createRandom(seed)),
      );
    const a = draw(7);
    expect(a).toEqual(draw(7));
    a.forEach((d, i) => {
      const base = 100 * 2 ** (i % 3);
      expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.2));
    });
  });
});

describe('circuit breaker', () => {
  const fresh = () => {
    const b = createBreakers();
    ensureBreaker(b, 0);
    return b;
  };

  it('closed → open after the consecutive failure limit (a success resets the count)', () => {
    const b = fresh();
    expect(breakerFailure(b, 0, 10, 3)).toBe(false);
    breakerSuccess(b, 0, 2);
    expect(breakerFailure(b, 0, 11, 3)).toBe(false);
    expect(breakerFailure(b, 0, 12, 3)).toBe(false);
    expect(breakerFailure(b, 0, 13, 3)).toBe(true);
    expect(b.state[0]).toBe(BreakerState.Open);
  });

  it('open → half-open after the cool-down; successes close it', () => {
    const b = fresh();
    for (let i = 0; i < 3; i++) breakerFailure(b, 0, 0, 3);
    expect(breakerTick(b, 0, 999, 1000)).toBe(false);
    expect(breakerTick(b, 0, 1000, 1000)).toBe(true);
    expect(b.state[0]).toBe(BreakerState.HalfOpen);
    expect(breakerSuccess(b, 0, 2)).toBe(false);
    expect(breakerSuccess(b, 0, 2)).toBe(true);
    expect(b.state[0]).toBe(BreakerState.Closed);
  });

  it('half-open → open again on one failure, with a doubled cool-down', () => {
    const b = fresh();
    for (let i = 0; i < 3; i++) breakerFailure(b, 0, 0, 3);
    breakerTick(b, 0, 1000, 1000);
    expect(breakerFailure(b, 0, 1500, 3)).toBe(true);
    expect(b.state[0]).toBe(BreakerState.Open);
    expect(breakerTick(b, 0, 2500, 1000)).toBe(false);
    expect(breakerTick(b, 0, 3500, 1000)).toBe(true);
  });
});
