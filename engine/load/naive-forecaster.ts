/**
 * Naive (random-walk) forecaster: every future point equals the last observation. The baseline every
 * other model must beat. Intervals: `±z·σ₁·√h`, σ₁ the standard deviation of one-step differences.
 */
import { type Forecast, type Forecaster, withNormalIntervals } from './forecaster.js';
import type { TimeSeries } from './time-series.js';

export class NaiveForecaster implements Forecaster {
  readonly name = 'naive';
  readonly minLength = 1;
  private last = Number.NaN;
  private sigmaOneStep = 0;

  /** Remembers the last value and the spread of one-step changes. Throws on an empty series. */
  fit(series: TimeSeries): void {
    const v = series.values;
    if (v.length < this.minLength) throw new Error('naive: the series is empty');
    this.last = v[v.length - 1]!;
    this.sigmaOneStep = diffStd(v, 1);
  }

  /** Same as `fit`: the naive model has nothing to train. */
  update(series: TimeSeries): void {
    this.fit(series);
  }

  /** Flat forecast at the last value; intervals widen with √h. */
  forecast(horizonSteps: number): Forecast {
    if (Number.isNaN(this.last)) throw new Error('naive: forecast before fit');
    const point = new Float64Array(horizonSteps).fill(this.last);
    return withNormalIntervals(point, (k) => this.sigmaOneStep * Math.sqrt(k + 1));
  }
}

/** Standard deviation of `v[i] - v[i - lag]` over the last 1,000 lags at most (cheap on long series). */
export function diffStd(v: Float64Array, lag: number): number {
  const from = Math.max(lag, v.length - 1000);
  let sum = 0;
  let ss = 0;
  let n = 0;
  for (let i = from; i < v.length; i++) {
    const d = v[i]! - v[i - lag]!;
    sum += d;
    ss += d * d;
    n++;
  }
  if (n < 2) return 0;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, ss / n - mean * mean));
}
