import { describe, expect, it } from 'vitest';
import { AutoForecaster } from '../../../engine/adapters/forecast/auto-forecaster.js';
import {
  chooseAutoBlend,
  chooseAutoModel,
  chooseAutoWeights,
  routeByHorizon,
  runnerUpWeight,
} from '../../../engine/load/auto-routing.js';
import { ForecastScoreboard } from '../../../engine/load/forecast-scoreboard.js';
import { seriesHead } from '../../../engine/load/time-series.js';
import { seasonalSeries } from './synthetic.js';

describe('auto routing', () => {
  it.each([
    [60_000, 'arima'],
    [10 * 60_000, 'arima'],
    [30 * 60_000, 'lstm'],
    [60 * 60_000, 'lstm'],
    [2 * 3_600_000, 'prophet'],
  ])('routes a horizon of %i ms to %s', (ms, model) => {
    expect(routeByHorizon(ms)).toBe(model);
  });

  it('keeps the routed model until a challenger has enough samples and a clear lead', () => {
    const board = new ForecastScoreboard();
    expect(chooseAutoModel('arima', ['arima', 'naive'], board, 5)).toBe('arima');
    for (let i = 0; i < 20; i++) {
      board.record('arima', 5, 2);
      board.record('naive', 5, 1.99);
    }
    expect(chooseAutoModel('arima', ['arima', 'naive'], board, 5)).toBe('arima');
    for (let i = 0; i < 40; i++) board.record('naive', 5, 1);
    expect(chooseAutoModel('arima', ['arima', 'naive'], board, 5)).toBe('naive');
  });

  it('blends the two best recent performers; the routed model alone while nothing is scored', () => {
    const board = new ForecastScoreboard();
    expect(chooseAutoBlend('lstm', ['naive', 'lstm', 'arima'], board, 30)).toEqual(['lstm']);
    for (let i = 0; i < 5; i++) {
      board.record('naive', 30, 3);
      board.record('lstm', 30, 2);
      board.record('arima', 30, 1);
    }
    expect(chooseAutoBlend('lstm', ['naive', 'lstm', 'arima'], board, 30)).toEqual(['arima', 'lstm']);
    expect(chooseAutoBlend('lstm', ['naive', 'lstm', 'arima'], board, 30, { topK: 1 })).toEqual(['arima']);
  });

  it('weights the runner-up by the two-forecast Bates–Granger weight for correlated errors', () => {
    // Equal error scales: equal weights whatever the correlation.
    expect(runnerUpWeight(2, 2, 0.9)).toBeCloseTo(0.5, 12);
    expect(runnerUpWeight(2, 2, 1)).toBe(0.5);
    // ρ = 0: inverse-variance weights (s1² / (s1² + s2²)).
    expect(runnerUpWeight(1, 2, 0)).toBeCloseTo(0.2, 12);
    // ρ = 0.9, runner-up 5% worse: (1 − 0.945) / (1 + 1.1025 − 1.89) = 0.055 / 0.2125.
    expect(runnerUpWeight(1, 1.05, 0.9)).toBeCloseTo(0.055 / 0.2125, 12);
    // Zero from s2 / s1 = 1 / ρ on (the runner-up would need a negative weight).
    expect(runnerUpWeight(1, 1 / 0.9, 0.9)).toBeCloseTo(0, 12);
    expect(runnerUpWeight(1, 1.15, 0.9)).toBe(0);
    // The weight falls monotonically as the runner-up gets worse.
    let prev = 0.5;
    for (let r = 1.01; r < 1.11; r += 0.01) {
      const w = runnerUpWeight(1, r, 0.9);
      expect(w).toBeLessThan(prev);
      prev = w;
    }
  });

  it('combines the two best recent performers when close, the best alone when the runner-up is clearly worse', () => {
    const board = new ForecastScoreboard();
    expect(chooseAutoWeights('prophet', ['naive', 'prophet'], board, 120)).toEqual([
      { model: 'prophet', weight: 1 },
    ]);
    for (let i = 0; i < 10; i++) {
      board.record('naive', 120, 4);
      board.record('prophet', 120, 1.05);
      board.record('arima', 120, 1);
    }
    const w = chooseAutoWeights('prophet', ['naive', 'prophet', 'arima'], board, 120);
    expect(w.map((x) => x.model)).toEqual(['arima', 'prophet']);
    expect(w[1]!.weight).toBeCloseTo(0.055 / 0.2125, 10);
    expect(w[0]!.weight + w[1]!.weight).toBeCloseTo(1, 12);
    // Runner-up 20% worse: the best recent performer alone.
    const far = new ForecastScoreboard();
    for (let i = 0; i < 10; i++) {
      far.record('prophet', 120, 1.2);
      far.record('arima', 120, 1);
    }
    expect(chooseAutoWeights('prophet', ['prophet', 'arima'], far, 120)).toEqual([
      { model: 'arima', weight: 1 },
    ]);
    // ρ = 0 (inverse variance by recent MAE) still gives it 1 / (1 + 1.44) of the weight.
    const old = chooseAutoWeights('prophet', ['prophet', 'arima'], far, 120, { correlation: 0 });
    expect(old.map((x) => x.model)).toEqual(['arima', 'prophet']);
    expect(old[1]!.weight).toBeCloseTo(1 / 2.44, 10);
  });

  it('falls back to the best recent performer on a series where the routed model does badly', async () => {
    const s = seasonalSeries(1100, 12, 41, 20, 0.3);
    const auto = new AutoForecaster({
      horizonsSteps: [5],
      stepMs: 60_000,
      baselines: ['naive', 'seasonal-naive'],
      arima: { period: -1, candidates: [{ p: 0, d: 1, q: 1 }], aggregations: [1], windowLength: 120 },
    });
    await auto.fit(seriesHead(s, 900));
    for (let n = 901; n <= 1080; n++) await auto.update(seriesHead(s, n));
    // The routed ARIMA(0,1,1) misses the cycle by far more than 1 / ρ: seasonal naive alone.
    expect(auto.forecastWithChoice(5).model).toBe('seasonal-naive');
    auto.dispose();
  });
});
