/**
 * Irregular samples → a regular grid. Rule (documented in docs/forecasting.md):
 * - the grid starts at the first sample time floored to a multiple of `stepMs`; point i covers
 *   `[start + i·step, start + (i+1)·step)`;
 * - a point with samples gets their mean;
 * - an empty point is linearly interpolated between the nearest non-empty points on both sides;
 * - inside a run of more than `maxGapSteps` empty points the interpolated values are kept (the grid stays
 *   regular) but marked `observed = 0`, so backtests never score them or forecast from them.
 */
import type { TimeSeries } from './time-series.js';

export interface ResampleOptions {
  stepMs: number;
  /** Longest run of empty points still treated as observed (default 5). */
  maxGapSteps?: number;
}

/** Resamples (timeMs[i], value[i]) pairs, in any order, onto a regular grid. Throws on empty input. */
export function resampleToGrid(
  timesMs: ArrayLike<number>,
  values: ArrayLike<number>,
  options: ResampleOptions,
): TimeSeries {
  const { stepMs } = options;
  const maxGap = options.maxGapSteps ?? 5;
  if (timesMs.length === 0) throw new Error('resampleToGrid: no samples');
  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < timesMs.length; i++) {
    minT = Math.min(minT, timesMs[i]!);
    maxT = Math.max(maxT, timesMs[i]!);
  }
  const startMs = Math.floor(minT / stepMs) * stepMs;
  const n = Math.floor((maxT - startMs) / stepMs) + 1;
  const sums = new Float64Array(n);
  const counts = new Uint32Array(n);
  for (let i = 0; i < timesMs.length; i++) {
    const bin = Math.floor((timesMs[i]! - startMs) / stepMs);
    sums[bin]! += values[i]!;
    counts[bin]! += 1;
  }
  const out = new Float64Array(n);
  const observed = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (counts[i]! > 0) out[i] = sums[i]! / counts[i]!;
  fillGaps(out, counts, observed, maxGap);
  return { startMs, stepMs, values: out, observed };
}

function fillGaps(out: Float64Array, counts: Uint32Array, observed: Uint8Array, maxGap: number): void {
  const n = out.length;
  let prev = -1;
  for (let i = 0; i <= n; i++) {
    if (i < n && counts[i] === 0) continue;
    const gap = i - prev - 1;
    for (let j = prev + 1; j < i; j++) {
      const a = prev >= 0 ? out[prev]! : out[i]!;
      const b = i < n ? out[i]! : a;
      const w = (j - prev) / (i - prev);
      out[j] = a + (b - a) * w;
      observed[j] = gap <= maxGap ? 1 : 0;
    }
    if (i < n) observed[i] = 1;
    prev = i;
  }
}

/** Median positive interval between sorted-or-not sample times (ms); 0 if fewer than two distinct times. */
export function medianIntervalMs(timesMs: ArrayLike<number>): number {
  const sorted = Float64Array.from(timesMs).sort();
  const diffs: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i]! - sorted[i - 1]!;
    if (d > 0) diffs.push(d);
  }
  if (diffs.length === 0) return 0;
  diffs.sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)]!;
}
