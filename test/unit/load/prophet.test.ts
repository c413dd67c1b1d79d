import { describe, expect, it } from 'vitest';
import { ProphetForecaster } from '../../../engine/adapters/forecast/prophet-forecaster.js';
import { NaiveForecaster } from '../../../engine/load/naive-forecaster.js';
import { seriesHead } from '../../../engine/load/time-series.js';
import { maeFrom, seasonalSeries } from './synthetic.js';

describe('Prophet forecaster (augurs + wasmstan)', () => {
  it('finds a non-daily seasonality and beats naive over a long horizon', async () => {
    const s = seasonalSeries(1400, 120, 31);
    const train = seriesHead(s, 1200);
    const prophet = new ProphetForecaster({ maxFitPoints: 600 });
    await prophet.fit(train);
    expect(Math.abs(prophet.period - 120)).toBeLessThanOrEqual(2);
    const naive = new NaiveForecaster();
    naive.fit(train);
    const f = prophet.forecast(180);
    expect(maeFrom(s, 1200, f.point)).toBeLessThan(0.5 * maeFrom(s, 1200, naive.forecast(180).point));
    expect(f.level).toBe(0.8);
    prophet.dispose();
  });

  it('re-anchors on the latest level after a shift the fitted model has not seen', async () => {
    const s = seasonalSeries(1400, 120, 33);
    const shifted = Float64Array.from(s.values, (v, i) => (i >= 1250 ? v + 20 : v));
    const series = { ...s, values: shifted };
    const anchored = new ProphetForecaster({ maxFitPoints: 600, recentPoints: 15 });
    const plain = new ProphetForecaster({ maxFitPoints: 600, anchorWeight: 0 });
    for (const p of [anchored, plain]) {
      await p.fit(seriesHead(series, 1200));
      p.update(seriesHead(series, 1300));
    }
    const errAnchored = maeFrom(series, 1300, anchored.forecast(60).point);
    expect(errAnchored).toBeLessThan(0.3 * maeFrom(series, 1300, plain.forecast(60).point));
    anchored.dispose();
    plain.dispose();
  });

  it('averages the level shifts of its anchor lengths (15, 60, 240 by default)', async () => {
    const s = seasonalSeries(1400, 120, 34);
    const shifted = Float64Array.from(s.values, (v, i) => (i >= 1250 ? v + 20 : v));
    const series = { ...s, values: shifted };
    const forecastWith = async (options: { recentPoints?: number; shiftThreshold?: number }) => {
      const p = new ProphetForecaster({ maxFitPoints: 600, shiftThreshold: 0, ...options });
      await p.fit(seriesHead(series, 1200));
      p.update(seriesHead(series, 1300));
      const point = p.forecast(30).point;
      p.dispose();
      return point;
    };
    const combined = await forecastWith({});
    const singles = await Promise.all([15, 60, 240].map((k) => forecastWith({ recentPoints: k })));
    for (let k = 0; k < 30; k++) {
      expect(combined[k]).toBeCloseTo((singles[0]![k]! + singles[1]![k]! + singles[2]![k]!) / 3, 6);
    }
    // 50 points after the shift: the 15-point anchor sees all of it, the 240-point one a fifth.
    expect(singles[0]![0]! - singles[2]![0]!).toBeGreaterThan(10);
    // With level-shift detection (the default) every anchor starts after the jump: the long anchors no
    // longer drag the level back towards the old one.
    const detected = await forecastWith({ shiftThreshold: 6 });
    const truth = shifted.subarray(1300, 1330);
    const mae = (f: Float64Array) => f.reduce((sum, v, k) => sum + Math.abs(v - truth[k]!), 0) / 30;
    expect(mae(detected)).toBeLessThan(mae(combined) - 3);
    expect(detected[0]! - combined[0]!).toBeGreaterThan(5);
  });

  it('gives the same forecast on every run (no unseeded sampling)', async () => {
    const s = seasonalSeries(400, 50, 32);
    const run = async () => {
      const p = new ProphetForecaster();
      await p.fit(s);
      const out = p.forecast(10);
      p.dispose();
      return [...out.point, ...out.upper!];
    };
    expect(await run()).toEqual(await run());
  });
});
