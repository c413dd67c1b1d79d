import { describe, expect, it } from 'vitest';
import { AutoForecaster } from '../../../engine/adapters/forecast/auto-forecaster.js';
import {
  chooseAutoBlend,
  chooseAutoModel,
  chooseAutoWeights,
  routeByHorizon,
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

  it('weights the two best by inverse recent mean square error (the clearly better one dominates)', () => {
    const board = new ForecastScoreboard();
    expect(chooseAutoWeights('prophet', ['naive', 'prophet'], board, 120)).toEqual([
      { model: 'prophet', weight: 1 },
    ]);
    for (let i = 0; i < 10; i++) {
      board.record('naive', 120, 4);
      board.record('prophet', 120, 3);
      board.record('arima', 120, 1);
    }
    // MSE 1 and 9: weights 0.9 and 0.1; naive (third) is left out.
    const w = chooseAutoWeights('prophet', ['naive', 'prophet', 'arima'], board, 120);
    expect(w.map((x) => x.model)).toEqual(['arima', 'prophet']);
    expect(w[0]!.weight).toBeCloseTo(0.9, 10);
    expect(w[1]!.weight).toBeCloseTo(0.1, 10);
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
    expect(auto.forecastWithChoice(5).model).toMatch(/^seasonal-naive\+/);
    auto.dispose();
  });
});
