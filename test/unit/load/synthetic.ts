/** Synthetic series with known structure for the load tests (seeded, deterministic). */

import { seriesOf, type TimeSeries } from '../../../engine/load/time-series.js';
import { createRandom } from '../../../engine/model/random.js';

/** `level + amplitude·sin(2πi/period) + AR(1) noise (φ 0.6, sd noiseSd)` on a 1-minute grid. */
export function seasonalSeries(
  n: number,
  period: number,
  seed = 1,
  amplitude = 20,
  noiseSd = 2,
  level = 50,
): TimeSeries {
  const r = createRandom(seed);
  const out = new Float64Array(n);
  let ar = 0;
  for (let i = 0; i < n; i++) {
    ar = 0.6 * ar + r.normal();
    out[i] = level + amplitude * Math.sin((2 * Math.PI * i) / period) + noiseSd * ar;
  }
  return seriesOf(out, 60_000, 0);
}

/** Gaussian white noise around `level`. */
export function whiteNoise(n: number, seed = 2, level = 10): TimeSeries {
  const r = createRandom(seed);
  return seriesOf(
    Float64Array.from({ length: n }, () => level + r.normal()),
    60_000,
    0,
  );
}

/** Mean absolute error of `forecast` against `series` values starting at index `from`. */
export function maeFrom(series: TimeSeries, from: number, forecast: Float64Array): number {
  let s = 0;
  for (let k = 0; k < forecast.length; k++) s += Math.abs(forecast[k]! - series.values[from + k]!);
  return s / forecast.length;
}
