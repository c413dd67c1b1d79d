/**
 * The live engine's clock: epoch milliseconds that never go backwards (wall time at process start plus
 * a monotonic offset). The core gets whole milliseconds (`nowMs`); latency measurements use the
 * fractional `preciseMs`, comparable across processes on one machine.
 */
import { performance } from 'node:perf_hooks';

export interface Clock {
  /** Whole engine milliseconds, what the core sees as `env.nowMs`. */
  nowMs(): number;
  /** Fractional engine milliseconds, for latency figures. */
  preciseMs(): number;
}

/** The system clock. */
export const systemClock: Clock = {
  nowMs: () => Math.floor(performance.timeOrigin + performance.now()),
  preciseMs: () => performance.timeOrigin + performance.now(),
};
