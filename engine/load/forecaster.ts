/**
 * The Forecaster port. Baselines (naive, seasonal naive, moving average) live beside this file and are
 * pure; the heavy models (ARIMA, LSTM, Prophet, auto) are adapters in `engine/adapters/forecast/`.
 * Forecasts enter the engine core as values (a cache the decision path reads), never as calls to a model.
 */
import type { TimeSeries } from './time-series.js';

/** Point forecasts for the next steps after the fitted series' last point, with intervals if known. */
export interface Forecast {
  /** `point[k]` forecasts the grid point `k + 1` steps after the last observation. */
  readonly point: Float64Array;
  /** Prediction interval bounds at `level` (e.g. 0.8), same length as `point`; absent if the model has none. */
  readonly lower?: Float64Array | undefined;
  readonly upper?: Float64Array | undefined;
  readonly level?: number | undefined;
}

export interface Forecaster {
  /** Short model name as used on the command line (`naive`, `arima`, `lstm` …). */
  readonly name: string;
  /**
   * Learns from `series` (full fit: order selection, training …) and conditions the next `forecast`
   * on its last point. Models that train asynchronously return a promise; callers always await it.
   * Throws `Error` if the series is too short for the model (see `minLength`).
   */
  fit(series: TimeSeries): void | Promise<void>;
  /**
   * Conditions an already fitted model on a newer `series` (usually the same series with more points)
   * without a full refit: the cheap path used by live refresh and rolling-origin backtests.
   * Falls back to `fit` semantics when the model was never fitted.
   */
  update(series: TimeSeries): void | Promise<void>;
  /**
   * Forecasts `horizonSteps` grid points after the last point passed to `fit`/`update`.
   * Synchronous and cheap: the expensive work happened in `fit`. Throws if called before `fit`.
   */
  forecast(horizonSteps: number): Forecast;
  /** Fewest points `fit` accepts. */
  readonly minLength: number;
}

/** z value of a two-sided normal interval at `level` (0.8 → 1.2816, 0.95 → 1.96); level in (0, 1). */
export function normalQuantileTwoSided(level: number): number {
  return inverseNormalCdf(0.5 + level / 2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * Symmetric intervals `point ± z·sigma[k]` at `level`. `sigmaAt(k)` is the forecast standard error
 * k + 1 steps ahead. Used by models whose intervals come from residuals.
 */
export function withNormalIntervals(
  point: Float64Array,
  sigmaAt: (k: number) => number,
  level = 0.8,
): Forecast {
  const z = normalQuantileTwoSided(level);
  const lower = new Float64Array(point.length);
  const upper = new Float64Array(point.length);
  for (let k = 0; k < point.length; k++) {
    const half = z * sigmaAt(k);
    lower[k] = point[k]! - half;
    upper[k] = point[k]! + half;
  }
  return { point, lower, upper, level };
}
