/** The cross-series summary of `agentsched predict backtest` (engine/cli/commands/predict-report.ts). */
import { describe, expect, it } from 'vitest';
import type { ModelScore, SeriesBacktest } from '../../../engine/adapters/forecast/backtest.js';
import type { BacktestRun } from '../../../engine/adapters/forecast/backtest-run.js';
import { formatBacktest, summariseBacktest } from '../../../engine/cli/commands/predict-report.js';

function score(mae: number, naiveMae: number, count: number): ModelScore {
  return {
    count,
    mae,
    rmse: mae,
    smape: 0,
    mape: 0,
    mapeSkipped: 0,
    improvementOverNaivePercent: 100 * (1 - mae / naiveMae),
  };
}

function series(name: string, naive: number, arima: number, count: number): SeriesBacktest {
  return {
    series: name,
    points: 1000,
    stepMs: 60_000,
    origins: count,
    firstOriginMs: 0,
    horizons: [
      {
        horizonSteps: 10,
        horizonMs: 600_000,
        models: { naive: score(naive, naive, count), arima: score(arima, naive, count) },
      },
    ],
    seconds: {},
  };
}

describe('backtest summary', () => {
  // Series a: arima 20% better on a large error scale; b: 5% worse on a small scale, fewer points.
  const run: BacktestRun = {
    series: [series('a', 10, 8, 300), series('b', 2, 2.1, 100)],
    skipped: [],
  };

  it('reports the mean of per-series improvements and the pooled improvement over all scored points', () => {
    const arima = summariseBacktest(run, ['naive', 'arima']).find((e) => e.model === 'arima')!;
    expect(arima.meanImprovementOverNaivePercent).toBeCloseTo((20 + -5) / 2, 9);
    // Pooled: (8·300 + 2.1·100) / 400 = 6.525 against (10·300 + 2·100) / 400 = 8.
    expect(arima.pooledMae).toBeCloseTo(6.525, 9);
    expect(arima.pooledImprovementOverNaivePercent).toBeCloseTo(100 * (1 - 6.525 / 8), 9);
    expect(arima.seriesBeatingNaiveBy10Percent).toBe(1);
    const naive = summariseBacktest(run, ['naive', 'arima']).find((e) => e.model === 'naive')!;
    expect(naive.pooledImprovementOverNaivePercent).toBe(0);
  });

  it('prints the pooled figure in the summary lines', () => {
    const text = formatBacktest(run, ['naive', 'arima']);
    expect(text).toMatch(/10m\s+arima\s+MAE 5\.050\s+vs naive \+7\.5%?\s+pooled \+18\.4/);
  });
});
