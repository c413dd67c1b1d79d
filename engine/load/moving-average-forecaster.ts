/**
 * Moving-average forecaster: every future point equals the mean of the last `window` observations.
 * A cheap smoother that beats naive on noisy, mean-reverting load. Intervals from the spread of
 * one-step errors of that mean over recent history.
 */
import { type Forecast, type Forecaster, withNormalIntervals } from './forecaster.js';
import type { TimeSeries } from './time-series.js';

export class MovingAverageForecaster implements Forecaster {
  readonly name: string;
  readonly minLength = 1;
  private level = Number.NaN;
  private sigma = 0;

  /** `window` ≥ 1 points; the name is `ma<window>` (e.g. `ma5`). */
  constructor(readonly window = 5) {
    if (!(Number.isInteger(window) && window >= 1))
      throw new Error(`moving average: window must be ≥ 1, got ${window}`);
    this.name = `ma${window}`;
  }

  /** Mean of the last `window` points (fewer if the series is shorter). Throws on an empty series. */
  fit(series: TimeSeries): void {
    const v = series.values;
    if (v.length < 1) throw new Error(`${this.name}: the series is empty`);
    const from = Math.max(0, v.length - this.window);
    let sum = 0;
    for (let i = from; i < v.length; i++) sum += v[i]!;
    this.level = sum / (v.length - from);
    this.sigma = this.oneStepErrorStd(v);
  }

  /** Same as `fit`. */
  update(series: TimeSeries): void {
    this.fit(series);
  }

  /** Flat forecast at the window mean. */
  forecast(horizonSteps: number): Forecast {
    if (Number.isNaN(this.level)) throw new Error(`${this.name}: forecast before fit`);
    const point = new Float64Array(horizonSteps).fill(this.level);
    return withNormalIntervals(point, (k) => this.sigma * Math.sqrt(1 + k / this.window));
  }

  private oneStepErrorStd(v: Float64Array): number {
    const w = this.window;
    const from = Math.max(w, v.length - 500);
    let sum = 0;
    for (let i = from - w; i < from; i++) sum += v[i] ?? 0;
    let ss = 0;
    let n = 0;
    for (let i = from; i < v.length; i++) {
      const e = v[i]! - sum / w;
      ss += e * e;
      n++;
      sum += v[i]! - v[i - w]!;
    }
    return n > 0 ? Math.sqrt(ss / n) : 0;
  }
}
