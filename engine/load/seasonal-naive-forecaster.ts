/**
 * Seasonal naive forecaster: a future point equals the observation one period earlier
 * (`ŷ[T+h] = y[T+h−m·⌈h/m⌉]`). The period is given or detected from the autocorrelation; with no period
 * (or too short a series) it behaves as the naive forecaster.
 */
import { type Forecast, type Forecaster, withNormalIntervals } from './forecaster.js';
import { diffStd } from './naive-forecaster.js';
import { detectPeriod } from './period-detection.js';
import type { TimeSeries } from './time-series.js';

export interface SeasonalNaiveOptions {
  /** Period in steps; 0 or absent: detect it at `fit`. */
  period?: number;
  /** Largest period searched when detecting (steps). */
  maxPeriod?: number;
}

export class SeasonalNaiveForecaster implements Forecaster {
  readonly name = 'seasonal-naive';
  readonly minLength = 1;
  private lastCycle: Float64Array = new Float64Array(0);
  private sigma = 0;
  private detected = 0;

  constructor(private readonly options: SeasonalNaiveOptions = {}) {}

  /** The period in use after `fit` (0: none, naive behaviour). */
  get period(): number {
    return this.detected;
  }

  /** Detects the period (unless given) and keeps the last full cycle. Throws on an empty series. */
  fit(series: TimeSeries): void {
    const given = this.options.period ?? 0;
    this.detected =
      given > 0 ? given : detectPeriod(series.values, { maxLag: this.options.maxPeriod ?? 2000 });
    this.update(series);
  }

  /** Keeps the last cycle of the newer series; the period found by `fit` is reused. */
  update(series: TimeSeries): void {
    const v = series.values;
    if (v.length < 1) throw new Error('seasonal-naive: the series is empty');
    const m = this.detected > 0 && v.length >= this.detected ? this.detected : 1;
    this.lastCycle = v.slice(v.length - m);
    this.sigma = diffStd(v, m);
  }

  /** Repeats the last cycle; intervals widen with the number of whole cycles ahead. */
  forecast(horizonSteps: number): Forecast {
    const m = this.lastCycle.length;
    if (m === 0) throw new Error('seasonal-naive: forecast before fit');
    const point = new Float64Array(horizonSteps);
    for (let k = 0; k < horizonSteps; k++) point[k] = this.lastCycle[k % m]!;
    return withNormalIntervals(point, (k) => this.sigma * Math.sqrt(Math.floor(k / m) + 1));
  }
}
