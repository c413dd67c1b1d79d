import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MovingAverageForecaster } from '../../../engine/load/moving-average-forecaster.js';
import { NaiveForecaster } from '../../../engine/load/naive-forecaster.js';
import { SeasonalNaiveForecaster } from '../../../engine/load/seasonal-naive-forecaster.js';
import { seriesHead, seriesOf } from '../../../engine/load/time-series.js';
import { maeFrom, seasonalSeries } from './synthetic.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('baseline forecasters', () => {
  it('naive forecasts the last value at every step, whatever the series', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (xs, h) => {
          const f = new NaiveForecaster();
          f.fit(seriesOf(xs));
          const out = f.forecast(h);
          expect(out.point.every((v) => v === xs[xs.length - 1])).toBe(true);
          expect(out.lower!.every((v, k) => v <= out.point[k]! && out.upper![k]! >= out.point[k]!)).toBe(
            true,
          );
        },
      ),
    );
  });

  it('moving average stays within the range of its window', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 100 }),
        fc.integer({ min: 1, max: 20 }),
        (xs, w) => {
          const f = new MovingAverageForecaster(w);
          f.fit(seriesOf(xs));
          const win = xs.slice(-w);
          const v = f.forecast(3).point[0]!;
          expect(v).toBeGreaterThanOrEqual(Math.min(...win) - 1e-6);
          expect(v).toBeLessThanOrEqual(Math.max(...win) + 1e-6);
        },
      ),
    );
  });

  it('moving average of 5 is the mean of the last five points', () => {
    const f = new MovingAverageForecaster(5);
    f.fit(seriesOf([100, 1, 2, 3, 4, 5]));
    expect(f.name).toBe('ma5');
    expect(f.forecast(2).point[1]).toBeCloseTo(3);
  });

  it.each([24, 60, 144])('seasonal naive finds period %i and beats naive over a cycle', (period) => {
    const s = seasonalSeries(period * 8, period, period);
    const train = seriesHead(s, period * 7);
    const sn = new SeasonalNaiveForecaster();
    sn.fit(train);
    expect(Math.abs(sn.period - period)).toBeLessThanOrEqual(1);
    const naive = new NaiveForecaster();
    naive.fit(train);
    const from = period * 7;
    expect(maeFrom(s, from, sn.forecast(period).point)).toBeLessThan(
      0.5 * maeFrom(s, from, naive.forecast(period).point),
    );
  });

  it('rejects forecasting before fitting', () => {
    expect(() => new NaiveForecaster().forecast(1)).toThrow(/before fit/);
    expect(() => new MovingAverageForecaster(0)).toThrow(/window/);
  });
});
