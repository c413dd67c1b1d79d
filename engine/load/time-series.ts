/**
 * A regularly sampled series: `values[i]` is the observation at `startMs + i * stepMs`.
 * Every forecaster works on this shape; irregular input is first put on a grid by `resampleToGrid`.
 */
export interface TimeSeries {
  readonly startMs: number;
  readonly stepMs: number;
  readonly values: Float64Array;
  /**
   * Optional mask, same length as `values`: 1 where the grid point is backed by data (a sample in the bin,
   * or a short interpolated gap), 0 inside a long gap that was only filled to keep the grid regular.
   */
  readonly observed?: Uint8Array | undefined;
}

/** Builds a series from plain numbers (copies them). Throws on a non-positive step: a bug, not user input. */
export function seriesOf(values: readonly number[] | Float64Array, stepMs = 60_000, startMs = 0): TimeSeries {
  if (!(stepMs > 0)) throw new Error(`seriesOf: stepMs must be > 0, got ${stepMs}`);
  return { startMs, stepMs, values: Float64Array.from(values) };
}

/** The first `length` points of `series` (a view, no copy). */
export function seriesHead(series: TimeSeries, length: number): TimeSeries {
  const n = Math.max(0, Math.min(length, series.values.length));
  return {
    startMs: series.startMs,
    stepMs: series.stepMs,
    values: series.values.subarray(0, n),
    observed: series.observed?.subarray(0, n),
  };
}

/** The last `length` points of `series` (a view, no copy); its start time moves accordingly. */
export function seriesTail(series: TimeSeries, length: number): TimeSeries {
  const total = series.values.length;
  const from = Math.max(0, total - Math.max(0, length));
  return {
    startMs: series.startMs + from * series.stepMs,
    stepMs: series.stepMs,
    values: series.values.subarray(from),
    observed: series.observed?.subarray(from),
  };
}

/** Time of the last point, or `startMs - stepMs` for an empty series. */
export function seriesEndMs(series: TimeSeries): number {
  return series.startMs + (series.values.length - 1) * series.stepMs;
}

/** Arithmetic mean of `values[from, to)`; NaN for an empty range. */
export function meanOf(values: Float64Array, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return to > from ? sum / (to - from) : Number.NaN;
}

/** Population standard deviation of `values[from, to)`; 0 for fewer than two points. */
export function stdOf(values: Float64Array, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 2) return 0;
  const m = meanOf(values, from, to);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (values[i]! - m) ** 2;
  return Math.sqrt(ss / n);
}
