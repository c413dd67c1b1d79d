/**
 * Classical additive seasonal decomposition: a mean profile per phase of the period, estimated from the
 * series minus its centred moving average, then smoothed across neighbouring phases (period / 48 wide). Phases are absolute (`floor(timeMs / stepMs) mod period`), so a
 * profile fitted on one window applies to any later window of the same grid.
 */
import type { TimeSeries } from './time-series.js';

export interface SeasonalProfile {
  readonly period: number;
  /** `offsets[phase]`, mean zero; add to a deseasonalised value to get the series value. */
  readonly offsets: Float64Array;
  /** 1 − var(remainder) / var(detrended): 0 = no seasonality, 1 = pure seasonality. */
  readonly strength: number;
}

/** Absolute phase of grid point `index` of `series` for `period`. */
export function phaseOf(
  series: Pick<TimeSeries, 'startMs' | 'stepMs'>,
  index: number,
  period: number,
): number {
  const slot = Math.round(series.startMs / series.stepMs) + index;
  return ((slot % period) + period) % period;
}

/** Estimates the profile; needs at least two full periods (returns strength 0 and zero offsets otherwise). */
export function estimateSeasonalProfile(series: TimeSeries, period: number): SeasonalProfile {
  const v = series.values;
  const n = v.length;
  const offsets = new Float64Array(period);
  if (period < 2 || n < 2 * period) return { period, offsets, strength: 0 };
  const trend = centredMovingAverage(v, period);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let i = 0; i < n; i++) {
    const t = trend[i]!;
    if (Number.isNaN(t)) continue;
    const p = phaseOf(series, i, period);
    sums[p]! += v[i]! - t;
    counts[p]! += 1;
  }
  let mean = 0;
  for (let p = 0; p < period; p++) {
    offsets[p] = counts[p]! > 0 ? sums[p]! / counts[p]! : 0;
    mean += offsets[p]!;
  }
  mean /= period;
  for (let p = 0; p < period; p++) offsets[p]! -= mean;
  const smooth = circularSmooth(offsets, Math.max(1, Math.round(period / 48)));
  return { period, offsets: smooth, strength: seasonalStrength(series, trend, smooth, period) };
}

/**
 * Circular moving average of width `w` (odd-rounded). Long periods have few cycles per phase, so the raw
 * per-phase means are noisy; neighbouring phases of a daily profile (±15 min) share one level.
 */
function circularSmooth(offsets: Float64Array, w: number): Float64Array {
  const half = Math.floor(w / 2);
  if (half === 0) return offsets;
  const m = offsets.length;
  const out = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    let s = 0;
    for (let d = -half; d <= half; d++) s += offsets[(((p + d) % m) + m) % m]!;
    out[p] = s / (2 * half + 1);
  }
  return out;
}

/** `series` minus its seasonal offsets (a new array). */
export function deseasonalise(series: TimeSeries, profile: SeasonalProfile): Float64Array {
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = series.values[i]! - profile.offsets[phaseOf(series, i, profile.period)]!;
  }
  return out;
}

/** Adds the seasonal offsets back to forecasts that start one step after grid point `lastIndex`. */
export function reseasonalise(
  point: Float64Array,
  series: Pick<TimeSeries, 'startMs' | 'stepMs'>,
  lastIndex: number,
  profile: SeasonalProfile,
): Float64Array {
  const out = new Float64Array(point.length);
  for (let k = 0; k < point.length; k++) {
    out[k] = point[k]! + profile.offsets[phaseOf(series, lastIndex + 1 + k, profile.period)]!;
  }
  return out;
}

/** Centred moving average of width `period` (2×m MA for even m); NaN where the window does not fit. */
function centredMovingAverage(v: Float64Array, period: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n).fill(Number.NaN);
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + v[i]!;
  for (let i = half; i + half < n; i++) {
    if (even) {
      const inner = prefix[i + half]! - prefix[i - half + 1]!;
      out[i] = (inner + 0.5 * (v[i - half]! + v[i + half]!)) / period;
    } else {
      out[i] = (prefix[i + half + 1]! - prefix[i - half]!) / period;
    }
  }
  return out;
}

function seasonalStrength(
  series: TimeSeries,
  trend: Float64Array,
  offsets: Float64Array,
  period: number,
): number {
  let varDetrended = 0;
  let varRemainder = 0;
  let count = 0;
  let meanD = 0;
  let meanR = 0;
  const v = series.values;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(trend[i]!)) continue;
    const d = v[i]! - trend[i]!;
    const r = d - offsets[phaseOf(series, i, period)]!;
    meanD += d;
    meanR += r;
    varDetrended += d * d;
    varRemainder += r * r;
    count++;
  }
  if (count < 2) return 0;
  varDetrended = varDetrended / count - (meanD / count) ** 2;
  varRemainder = varRemainder / count - (meanR / count) ** 2;
  return varDetrended > 0 ? Math.max(0, 1 - varRemainder / varDetrended) : 0;
}
