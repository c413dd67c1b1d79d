import { describe, expect, it } from 'vitest';
import { holdoutError } from '../../../engine/adapters/forecast/arima-core.js';
import { ArimaForecaster } from '../../../engine/adapters/forecast/arima-forecaster.js';
import { NaiveForecaster } from '../../../engine/load/naive-forecaster.js';
import { seriesHead, seriesOf } from '../../../engine/load/time-series.js';
import { createRandom } from '../../../engine/model/random.js';
import { maeFrom, seasonalSeries, whiteNoise } from './synthetic.js';

describe('ARIMA forecaster (arima package)', () => {
  it('finds the seasonality of a synthetic series and beats naive over ten steps', () => {
    const s = seasonalSeries(900, 60, 11);
    const train = seriesHead(s, 840);
    const arima = new ArimaForecaster({ selectionHorizonsSteps: [10], windowLength: 360 });
    arima.fit(train);
    expect(arima.describe().period).toBe(60);
    const naive = new NaiveForecaster();
    naive.fit(train);
    const fa = arima.forecast(10);
    expect(maeFrom(s, 840, fa.point)).toBeLessThan(0.7 * maeFrom(s, 840, naive.forecast(10).point));
    expect(fa.lower!.every((v, k) => v < fa.upper![k]!)).toBe(true);
    arima.dispose();
  });

  it('update re-conditions on new data with the cached spec', () => {
    const s = seasonalSeries(900, 60, 12);
    const arima = new ArimaForecaster({ selectionHorizonsSteps: [5], windowLength: 240 });
    arima.fit(seriesHead(s, 800));
    const spec = arima.describe().specs[0]!.spec;
    arima.update(seriesHead(s, 830));
    expect(arima.describe().specs[0]!.spec).toEqual(spec);
    expect(maeFrom(s, 830, arima.forecast(5).point)).toBeLessThan(8);
    arima.dispose();
  });

  it('selects the fit window on the holdout: after a level shift the short window wins', () => {
    // 900 points around 0, then 400 around 30 (AR(1) noise): a long window straddles the shift.
    const r = createRandom(5);
    let ar = 0;
    const values = Float64Array.from({ length: 1300 }, (_, i) => {
      ar = 0.5 * ar + r.normal();
      return (i < 900 ? 0 : 30) + ar;
    });
    const only = { candidates: [{ p: 1, d: 0, q: 0 }], aggregations: [1], selectionHorizonsSteps: [5] };
    const chosen = (windowLengths: number[]) => {
      const arima = new ArimaForecaster({ ...only, period: -1, windowLengths });
      arima.fit(seriesOf(values));
      const w = arima.describe().specs[0]!.windowLength;
      arima.dispose();
      return w;
    };
    expect(chosen([1200, 200])).toBe(200);
    expect(chosen([200, 1200])).toBe(200);
    expect(chosen([1200])).toBe(1200);
  });

  it('scores the holdout only at observed origins and targets (resampling gaps skipped)', () => {
    const values = whiteNoise(900, 13).values.slice();
    const observed = new Uint8Array(900).fill(1);
    const spec = { p: 1, d: 0, q: 0, k: 1 };
    const all = holdoutError(spec, values, 5, 12, 300, 360);
    expect(holdoutError(spec, values, 5, 12, 300, 360, observed)).toBe(all);
    // The last 80 points are a resampling gap holding garbage (±100): scored, they dominate the error.
    for (let i = 820; i < 900; i++) {
      values[i] = i % 2 === 0 ? 100 : -100;
      observed[i] = 0;
    }
    const masked = holdoutError(spec, values, 5, 12, 300, 360, observed);
    const unmasked = holdoutError(spec, values, 5, 12, 300, 360);
    expect(masked).toBeLessThan(2);
    expect(unmasked).toBeGreaterThan(3 * masked);
    expect(holdoutError(spec, values, 5, 12, 300, 360, new Uint8Array(900))).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a series that is too short', () => {
    expect(() => new ArimaForecaster().fit(seasonalSeries(20, 5))).toThrow(/at least 60 points/);
  });
});
