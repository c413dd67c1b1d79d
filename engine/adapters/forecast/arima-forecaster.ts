/**
 * ARIMA forecaster on the `arima` package (ctsa compiled to WebAssembly), for 1–10 minute horizons.
 *
 * - Seasonality: the package's seasonal ARIMA takes seconds per fit on minute data, so a detected period
 *   is removed first with a classical seasonal profile and added back to the forecast ("STL + ARIMA").
 * - Automatic order selection: every candidate (p, d, q) × temporal aggregation k (see `arima-core.ts`)
 *   × fit window (12 h or 24 h by default) is fitted at several origins of a holdout at the end of the series, and the lowest mean absolute
 *   error at the selection horizon wins. The package exposes no likelihood/AIC, so out-of-sample error is
 *   the criterion; it also rejects candidates whose optimiser diverges, which ctsa sometimes does.
 *   Each selection horizon gets its own spec (direct per-horizon models).
 * - `update` refits the chosen specs on the trailing window only (no selection), or, with
 *   `updateMode: 'recondition'`, keeps the fitted coefficients and runs their recursion over the newer
 *   observations in TypeScript (microseconds instead of milliseconds: live mode, where the worker refits
 *   in the background with `refitWindow`).
 * Intervals from the package's forecast mean square errors plus the within-block variance.
 */
import { type Forecast, type Forecaster, withNormalIntervals } from '../../load/forecaster.js';
import { detectPeriod } from '../../load/period-detection.js';
import {
  deseasonalise,
  estimateSeasonalProfile,
  reseasonalise,
  type SeasonalProfile,
} from '../../load/seasonal-profile.js';
import type { TimeSeries } from '../../load/time-series.js';
import {
  type ArimaFit,
  type ArimaOrder,
  type ArimaSpec,
  fitArima,
  flatForecast,
  forecastArima,
  holdoutError,
  reconditionArima,
} from './arima-core.js';

export type { ArimaOrder, ArimaSpec };

export interface ArimaOptions {
  /** Seasonal period in steps; 0: detect (default); -1: never deseasonalise. */
  period?: number;
  /** Largest period searched (steps, default 1,440 = one day of minutes). */
  maxPeriod?: number;
  /** Least seasonal strength (0–1) for the profile to be removed (default 0.2). */
  minSeasonalStrength?: number;
  /** Trailing points the ARIMA is fitted on (default: chosen from `windowLengths`). */
  windowLength?: number;
  /**
   * Fit windows the automatic selection tries beside order and aggregation (default [720, 1440], or
   * [windowLength] when that is given). A longer window estimates the coefficients more stably, a shorter
   * one follows regime changes; which wins differs per series.
   */
  windowLengths?: readonly number[];
  /** Orders tried by the automatic selection. */
  candidates?: readonly ArimaOrder[];
  /** Aggregation levels tried (default 1, 2, 5, 10; those above the selection horizon are skipped). */
  aggregations?: readonly number[];
  /**
   * Horizons (steps) the selection scores candidates at (default [5]). Each gets its own spec; a forecast
   * step s uses the spec of the smallest selection horizon ≥ s (the largest beyond them): direct
   * per-horizon models, since the best order and aggregation differ between 1 and 10 steps ahead.
   */
  selectionHorizonsSteps?: readonly number[];
  /**
   * Holdout origins per candidate, spread over the last `selectionSpanSteps` (default 24: with 12 the
   * choice between close candidates was noisy enough to pick a poor spec for a day on some series).
   */
  selectionOrigins?: number;
  /** Steps the holdout origins are spread over (default 360 = 6 h of minutes). */
  selectionSpanSteps?: number;
  /** Interval level (default 0.8). */
  level?: number;
  /**
   * What `update` does: `refit` (default) refits the chosen specs on the newest window; `recondition`
   * keeps the fitted coefficients and only re-conditions them on the newest window (falls back to a refit
   * for a band whose coefficients are unknown).
   */
  updateMode?: 'refit' | 'recondition';
}

export const DEFAULT_ARIMA_CANDIDATES: readonly ArimaOrder[] = [
  { p: 1, d: 0, q: 0 },
  { p: 2, d: 0, q: 0 },
  { p: 1, d: 0, q: 1 },
  { p: 0, d: 1, q: 1 },
  { p: 1, d: 1, q: 1 },
  { p: 2, d: 1, q: 0 },
];

/**
 * Live ARIMA settings: window = the cache's history, direct spec for the forecast horizon (≤ 10 steps),
 * a smaller selection (4 holdout origins, aggregation 1 or 5) so one agent's first fit stays in the tens
 * of milliseconds, fast re-conditioning on refresh.
 */
export function liveArimaOptions(capacity: number, horizon: number, given: ArimaOptions = {}): ArimaOptions {
  return {
    windowLength: capacity,
    selectionHorizonsSteps: [Math.max(1, Math.min(10, horizon))],
    selectionOrigins: 4,
    aggregations: [1, 5],
    maxPeriod: Math.floor(capacity / 2),
    ...given,
    updateMode: 'recondition',
  };
}

interface Band {
  horizonSteps: number;
  spec: ArimaSpec;
  windowLength: number;
  fitted: ArimaFit | undefined;
}

export class ArimaForecaster implements Forecaster {
  readonly name = 'arima';
  readonly minLength = 60;
  private bands: Band[] = [];
  private profile: SeasonalProfile | undefined;
  private context: { series: TimeSeries; adjusted: Float64Array } | undefined;

  constructor(private readonly options: ArimaOptions = {}) {}

  /** The spec chosen per selection horizon by the last `fit`, and the seasonal period removed (0 if none). */
  describe(): {
    specs: { horizonSteps: number; spec: ArimaSpec; windowLength: number }[];
    period: number;
  } {
    return {
      specs: this.bands.map((b) => ({
        horizonSteps: b.horizonSteps,
        spec: b.spec,
        windowLength: b.windowLength,
      })),
      period: this.profile?.period ?? 0,
    };
  }

  /** Detects and removes seasonality, selects order and aggregation per horizon on a holdout, then fits. */
  fit(series: TimeSeries): void {
    this.requireLength(series);
    this.profile = this.estimateProfile(series);
    const adjusted = this.adjusted(series);
    this.dispose();
    const horizons = [...(this.options.selectionHorizonsSteps ?? [5])].sort((a, b) => a - b);
    this.bands = horizons.map((h) => ({
      horizonSteps: h,
      ...this.selectSpec(adjusted, h, series.observed?.subarray(series.values.length - adjusted.length)),
      fitted: undefined,
    }));
    this.refit(series, adjusted);
  }

  /** Refits the cached specs on the newer series' window, or re-conditions them (see `updateMode`). */
  update(series: TimeSeries): void {
    if (this.options.updateMode === 'recondition') this.recondition(series);
    else this.refitWindow(series);
  }

  /** Refits the cached specs on the newer series' trailing window (no selection; fits if never fitted). */
  refitWindow(series: TimeSeries): void {
    if (this.bands.length === 0) {
      this.fit(series);
      return;
    }
    this.requireLength(series);
    this.refit(series, this.adjusted(series));
  }

  /**
   * Re-conditions the fitted models on the newer series without refitting (the seasonal profile is kept
   * too). A band whose coefficients are unknown is refitted; fits if never fitted.
   */
  recondition(series: TimeSeries): void {
    if (this.bands.length === 0) {
      this.fit(series);
      return;
    }
    this.requireLength(series);
    const adjusted = this.adjusted(series);
    for (const b of this.bands) {
      if (b.fitted && reconditionArima(b.fitted, adjusted, b.windowLength)) continue;
      b.fitted?.model.destroy();
      b.fitted = fitArima(b.spec, adjusted, b.windowLength);
    }
    this.context = { series, adjusted };
  }

  /** Forecasts from the fitted window(s); a diverged fit falls back to the recent level. */
  forecast(horizonSteps: number): Forecast {
    const ctx = this.context;
    if (!ctx) throw new Error('arima: forecast before fit');
    const perBand = this.bands.map(
      (b) =>
        (b.fitted ? forecastArima(b.fitted, horizonSteps) : undefined) ??
        flatForecast(ctx.adjusted, horizonSteps),
    );
    const point = new Float64Array(horizonSteps);
    const mse = new Float64Array(horizonSteps);
    for (let s = 1; s <= horizonSteps; s++) {
      const bi = this.bandFor(s);
      point[s - 1] = perBand[bi]!.point[s - 1]!;
      mse[s - 1] = perBand[bi]!.mse[s - 1]!;
    }
    const out = this.profile
      ? reseasonalise(point, ctx.series, ctx.series.values.length - 1, this.profile)
      : point;
    return withNormalIntervals(out, (k) => Math.sqrt(Math.max(0, mse[k]!)), this.options.level ?? 0.8);
  }

  /** Frees the WebAssembly memory of the fitted models. */
  dispose(): void {
    for (const b of this.bands) {
      b.fitted?.model.destroy();
      b.fitted = undefined;
    }
  }

  private bandFor(step: number): number {
    const i = this.bands.findIndex((b) => b.horizonSteps >= step);
    return i >= 0 ? i : this.bands.length - 1;
  }

  private requireLength(series: TimeSeries): void {
    if (series.values.length < this.minLength) {
      throw new Error(`arima: needs at least ${this.minLength} points, got ${series.values.length}`);
    }
  }

  private estimateProfile(series: TimeSeries): SeasonalProfile | undefined {
    const given = this.options.period ?? 0;
    if (given < 0) return undefined;
    const period =
      given > 0 ? given : detectPeriod(series.values, { maxLag: this.options.maxPeriod ?? 1440 });
    if (period < 2) return undefined;
    const profile = estimateSeasonalProfile(series, period);
    return profile.strength >= (this.options.minSeasonalStrength ?? 0.2) ? profile : undefined;
  }

  /** The deseasonalised tail the fits need (window plus holdout room). */
  private adjusted(series: TimeSeries): Float64Array {
    const maxH = Math.max(...(this.options.selectionHorizonsSteps ?? [5]));
    const span = Math.max(this.spanSteps(), maxH * (this.options.selectionOrigins ?? 24));
    const need = Math.max(...this.windowLengths()) + span + maxH;
    const from = Math.max(0, series.values.length - need);
    const tail: TimeSeries = {
      startMs: series.startMs + from * series.stepMs,
      stepMs: series.stepMs,
      values: series.values.subarray(from),
    };
    return this.profile ? deseasonalise(tail, this.profile) : tail.values.slice();
  }

  private refit(series: TimeSeries, adjusted: Float64Array): void {
    for (const b of this.bands) {
      b.fitted?.model.destroy();
      b.fitted = fitArima(b.spec, adjusted, b.windowLength);
    }
    this.context = { series, adjusted };
  }

  private windowLengths(): readonly number[] {
    const o = this.options;
    return o.windowLengths ?? (o.windowLength !== undefined ? [o.windowLength] : [720, 1440]);
  }

  private spanSteps(): number {
    return this.options.selectionSpanSteps ?? 360;
  }

  /**
   * The (order, aggregation, window) with the lowest holdout MAE at `h`; the first one if only one.
   * Holdout origins and targets inside resampling gaps are skipped (see `holdoutError`).
   */
  private selectSpec(
    adjusted: Float64Array,
    h: number,
    observed: Uint8Array | undefined,
  ): { spec: ArimaSpec; windowLength: number } {
    const origins = this.options.selectionOrigins ?? 24;
    const windows = this.windowLengths();
    const candidates = this.options.candidates ?? DEFAULT_ARIMA_CANDIDATES;
    const ks = (this.options.aggregations ?? [1, 2, 5, 10]).filter((k) => k === 1 || k <= h);
    let best = { spec: { ...candidates[0]!, k: ks[0] ?? 1 }, windowLength: windows[0]! };
    if (candidates.length === 1 && ks.length === 1 && windows.length === 1) return best;
    let bestErr = Number.POSITIVE_INFINITY;
    for (const windowLength of windows) {
      for (const k of ks) {
        for (const order of candidates) {
          const spec = { ...order, k };
          const err = holdoutError(spec, adjusted, h, origins, windowLength, this.spanSteps(), observed);
          if (err < bestErr) {
            bestErr = err;
            best = { spec, windowLength };
          }
        }
      }
    }
    return best;
  }
}
