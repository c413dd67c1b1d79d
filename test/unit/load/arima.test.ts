import { describe, expect, it } from 'vitest';
import { ArimaForecaster } from '../../../engine/adapters/forecast/arima-forecaster.js';
import { NaiveForecaster } from '../../../engine/load/naive-forecaster.js';
import { seriesHead } from '../../../engine/load/time-series.js';
import { maeFrom, seasonalSeries } from './synthetic.js';

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

  it('refuses a series that is too short', () => {
    expect(() => new ArimaForecaster().fit(seasonalSeries(20, 5))).toThrow(/at least 60 points/);
  });
});
