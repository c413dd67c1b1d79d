/**
 * Text and summary views of a backtest: a table per series and horizon, then per model and horizon the
 * mean improvement over naive across series and how many series beat naive by ≥ 10%; for `auto`, the
 * worst gap to the best single model on any series.
 */
import type { BacktestRun } from '../../adapters/forecast/backtest-run.js';
import { formatDurationMs } from '../../adapters/forecast/duration.js';

export interface ModelHorizonSummary {
  model: string;
  horizon: string;
  series: number;
  meanMae: number;
  meanImprovementOverNaivePercent: number;
  /**
   * MAE over every scored point of every series the model ran on (each series weighted by its number of
   * scored points), and its improvement over naive's MAE over the same points: the model's accuracy on the
   * fleet as a whole, rather than the mean of per-series percentages.
   */
  pooledMae: number;
  pooledImprovementOverNaivePercent: number;
  seriesBeatingNaiveBy10Percent: number;
  /** auto only: largest (auto MAE / best single model MAE − 1) over series, in percent. */
  worstGapToBestPercent?: number;
}

/** Cross-series summary per model and horizon. */
export function summariseBacktest(run: BacktestRun, models: readonly string[]): ModelHorizonSummary[] {
  const first = run.series[0];
  if (!first) return [];
  const out: ModelHorizonSummary[] = [];
  first.horizons.forEach((h, hi) => {
    for (const model of ['naive', ...models.filter((m) => m !== 'naive')]) {
      const ran = run.series.filter((s) => s.horizons[hi]!.models[model] !== undefined);
      const rows = ran.map((s) => s.horizons[hi]!.models[model]!);
      if (rows.length === 0) continue;
      let modelSum = 0;
      let naiveSum = 0;
      let points = 0;
      for (const s of ran) {
        const ms = s.horizons[hi]!.models;
        // Every model is scored on the same points of a series (the observed targets of its origins).
        const n = ms[model]!.count;
        modelSum += ms[model]!.mae * n;
        naiveSum += (ms.naive?.mae ?? Number.NaN) * n;
        points += n;
      }
      const pooledMae = points > 0 ? modelSum / points : Number.NaN;
      const pooledNaive = points > 0 ? naiveSum / points : Number.NaN;
      const entry: ModelHorizonSummary = {
        model,
        horizon: formatDurationMs(h.horizonMs),
        series: rows.length,
        meanMae: mean(rows.map((r) => r.mae)),
        meanImprovementOverNaivePercent: mean(rows.map((r) => r.improvementOverNaivePercent)),
        pooledMae,
        pooledImprovementOverNaivePercent: pooledNaive > 0 ? 100 * (1 - pooledMae / pooledNaive) : Number.NaN,
        seriesBeatingNaiveBy10Percent: rows.filter((r) => r.improvementOverNaivePercent >= 10).length,
      };
      if (model === 'auto') entry.worstGapToBestPercent = worstAutoGap(run, hi);
      out.push(entry);
    }
  });
  return out;
}

function worstAutoGap(run: BacktestRun, hi: number): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (const s of run.series) {
    const ms = s.horizons[hi]!.models;
    const auto = ms.auto?.mae;
    const best = Math.min(
      ...Object.entries(ms)
        .filter(([m]) => m !== 'auto')
        .map(([, r]) => r.mae),
    );
    if (auto !== undefined && best > 0) worst = Math.max(worst, 100 * (auto / best - 1));
  }
  return worst;
}

/** The report printed on stdout. */
export function formatBacktest(run: BacktestRun, models: readonly string[]): string {
  const lines: string[] = [];
  for (const s of run.series) {
    lines.push(
      `series ${s.series}: ${s.points} points at ${formatDurationMs(s.stepMs)}, ${s.origins} origins`,
    );
    for (const h of s.horizons) {
      lines.push(`  horizon ${formatDurationMs(h.horizonMs)} (${h.horizonSteps} steps)`);
      lines.push(
        `    ${pad('model', 16)}${pad('MAE', 12)}${pad('RMSE', 12)}${pad('sMAPE%', 9)}${pad('MAPE%', 9)}vs naive`,
      );
      for (const [m, r] of Object.entries(h.models)) {
        lines.push(
          `    ${pad(m, 16)}${pad(fmt(r.mae), 12)}${pad(fmt(r.rmse), 12)}${pad(r.smape.toFixed(2), 9)}${pad(r.mape.toFixed(2), 9)}${signed(r.improvementOverNaivePercent)}`,
        );
      }
      if (h.autoChoices)
        lines.push(
          `    auto picked: ${Object.entries(h.autoChoices)
            .map(([m, n]) => `${m} ${n}`)
            .join(', ')}`,
        );
    }
  }
  for (const k of run.skipped) lines.push(`skipped ${k.model} on ${k.series}: ${k.reason}`);
  lines.push('', 'summary (mean over series; pooled: MAE over all scored points of all series)');
  for (const e of summariseBacktest(run, models)) {
    const gap =
      e.worstGapToBestPercent === undefined
        ? ''
        : `, worst gap to best model ${e.worstGapToBestPercent.toFixed(1)}%`;
    lines.push(
      `  ${pad(e.horizon, 6)} ${pad(e.model, 16)}MAE ${pad(fmt(e.meanMae), 11)}vs naive ${pad(signed(e.meanImprovementOverNaivePercent), 9)}pooled ${pad(signed(e.pooledImprovementOverNaivePercent), 9)}≥10% better on ${e.seriesBeatingNaiveBy10Percent}/${e.series}${gap}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4);
}

function signed(x: number): string {
  return Number.isNaN(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
}
