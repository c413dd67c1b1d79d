import { describe, expect, it } from 'vitest';
import { fitArima, forecastArima, reconditionArima } from '../../../engine/adapters/forecast/arima-core.js';
import { ArimaForecaster } from '../../../engine/adapters/forecast/arima-forecaster.js';
import { forecastFromCoefficients } from '../../../engine/adapters/forecast/arima-recursion.js';
import { ARIMA, readCoefficients } from '../../../engine/adapters/forecast/arima-wasm.js';
import { seriesHead, seriesOf } from '../../../engine/load/time-series.js';
import { createRandom } from '../../../engine/model/random.js';

/** ARMA(2,1) around 5 with a slow drift, so d = 1 models have something to difference. */
function armaSeries(n: number, seed: number): Float64Array {
  const r = createRandom(seed);
  const out = new Float64Array(n);
  let x1 = 0;
  let x2 = 0;
  let e1 = 0;
  for (let i = 0; i < n; i++) {
    const e = r.normal();
    const x = 0.6 * x1 - 0.2 * x2 + e + 0.4 * e1;
    out[i] = 5 + x + 0.002 * i;
    x2 = x1;
    x1 = x;
    e1 = e;
  }
  return out;
}

/**
 * The package's own forecast of `values` with the model fitted earlier: its `predict` runs ctsa's
 * Kalman filter over the series stored at training time, so the stored series (same length) is replaced.
 */
function packageForecast(model: InstanceType<typeof ARIMA>, values: Float64Array, h: number) {
  (model as unknown as { ts: Uint8Array }).ts = new Uint8Array(Float64Array.from(values).buffer);
  return model.predict(h);
}

const ORDERS = [
  { p: 1, d: 0, q: 0 },
  { p: 2, d: 0, q: 0 },
  { p: 1, d: 0, q: 1 },
  { p: 0, d: 1, q: 1 },
  { p: 1, d: 1, q: 1 },
  { p: 2, d: 1, q: 0 },
];

describe('ARIMA fast path (fitted coefficients run in TypeScript)', () => {
  it.each(ORDERS)(
    'ARIMA($p,$d,$q): same forecast as the package for the same coefficients and newer data',
    (order) => {
      const x = armaSeries(600, 7 + order.p * 3 + order.q);
      const model = new ARIMA({ ...order, verbose: false }).train(Array.from(x.subarray(0, 300)));
      const c = readCoefficients(model, order);
      expect(c).toBeDefined();
      expect(c!.phi.length).toBe(order.p);
      expect(c!.theta.length).toBe(order.q);
      for (const from of [120, 300]) {
        const window = x.subarray(from, from + 300);
        const [pkgPoint, pkgMse] = packageForecast(model, window, 12);
        const fast = forecastFromCoefficients(c!, window, 12);
        for (let s = 0; s < 12; s++) {
          expect(fast.point[s]).toBeCloseTo(pkgPoint[s]!, 6);
          // Steady-state MSE versus the exact filter's: equal up to the filter's σ estimate (a few %).
          expect(Math.abs(fast.mse[s]! / pkgMse[s]! - 1)).toBeLessThan(0.05);
        }
      }
      model.destroy();
    },
  );

  it('readCoefficients refuses an order the fitted object does not have', () => {
    const model = new ARIMA({ p: 1, d: 0, q: 1, verbose: false }).train(Array.from(armaSeries(200, 3)));
    expect(readCoefficients(model, { p: 1, d: 0, q: 1 })).toBeDefined();
    expect(readCoefficients(model, { p: 2, d: 0, q: 1 })).toBeUndefined();
    model.destroy();
  });

  it('a re-conditioned aggregated fit forecasts what the package forecasts from the new block means', () => {
    const x = armaSeries(1200, 21);
    const spec = { p: 1, d: 0, q: 1, k: 5 };
    const fit = fitArima(spec, x.subarray(0, 900), 600)!;
    expect(fit.coefficients).toBeDefined();
    expect(reconditionArima(fit, x.subarray(0, 1000), 600)).toBe(true);
    const blocks = fit.blocks!;
    expect(blocks.length).toBe(120);
    expect(blocks[119]).toBeCloseTo(mean(x.subarray(995, 1000)), 12);
    const fast = forecastArima(fit, 10)!;
    const [pkg] = packageForecast(fit.model, blocks, 3);
    // Step s interpolates between block centres: at s = 3 (centre of the first future block) it is block 1.
    expect(fast.point[2]).toBeCloseTo(pkg[0]!, 6);
    expect(fast.point[7]).toBeCloseTo(pkg[1]!, 6);
    fit.model.destroy();
  });

  it("updateMode 'recondition' tracks new data without refitting and stays close to a refit", () => {
    const x = armaSeries(1100, 5);
    const s = seriesOf(x);
    const options = {
      period: -1,
      windowLength: 600,
      selectionHorizonsSteps: [5],
      candidates: [{ p: 1, d: 0, q: 1 }],
      aggregations: [1],
    };
    const cached = new ArimaForecaster({ ...options, updateMode: 'recondition' });
    const refit = new ArimaForecaster(options);
    cached.fit(seriesHead(s, 1000));
    refit.fit(seriesHead(s, 1000));
    const before = cached.forecast(5).point[0]!;
    cached.update(seriesHead(s, 1060));
    refit.update(seriesHead(s, 1060));
    const a = cached.forecast(5).point;
    const b = refit.forecast(5).point;
    expect(a[0]).not.toBeCloseTo(before, 3);
    // Same coefficients family, same data: within a quarter of the series' standard deviation (≈ 1.2).
    for (let k = 0; k < 5; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(0.3);
    cached.dispose();
    refit.dispose();
  });
});

function mean(a: Float64Array): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}
