/**
 * A full backtest over several series: builds the models (one LSTM trained on the training part of all
 * series and shared by them), drops models a series is too short for, runs `backtestSeries` per series
 * and summarises across series.
 */
import type { Forecaster } from '../../load/forecaster.js';
import { seriesHead, type TimeSeries } from '../../load/time-series.js';
import { ArimaForecaster } from './arima-forecaster.js';
import { backtestSeries, modelsToCompute, type SeriesBacktest } from './backtest.js';
import { LstmForecaster, type LstmOptions } from './lstm-forecaster.js';
import { createForecaster, disposeForecaster } from './registry.js';

export interface BacktestRunOptions {
  models: readonly string[];
  horizonsSteps: readonly number[];
  trainFraction: number;
  maxOrigins: number;
  lstm?: LstmOptions;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Unscored warm-up origins for auto's scoreboard (see `BacktestOptions.warmupOrigins`). */
  warmupOrigins?: number;
  /** Share of the training part the warm-up origins span (see `BacktestOptions.warmupSpan`). */
  warmupSpan?: number;
  /** Per-origin forecasts of every model (see `BacktestOptions.onOrigin`), with the series name. */
  onOrigin?: (
    series: string,
    origin: number,
    forecasts: ReadonlyMap<string, Float64Array>,
    scored: boolean,
  ) => void;
}

export interface BacktestRun {
  series: SeriesBacktest[];
  skipped: { series: string; model: string; reason: string }[];
  lstm?: { lookback: number; aggregate: number; epochs: number; trainSeconds: number } | undefined;
}

/** Runs the backtest on every named series. */
export async function runBacktest(
  inputs: readonly { name: string; series: TimeSeries }[],
  options: BacktestRunOptions,
): Promise<BacktestRun> {
  const stepMs = inputs[0]!.series.stepMs;
  const computed = modelsToCompute(options.models, options.horizonsSteps, stepMs);
  const trainLength = Math.min(
    ...inputs.map((s) => Math.floor(s.series.values.length * options.trainFraction)),
  );
  const lstmInfo = computed.includes('lstm')
    ? await trainSharedLstm(inputs, trainLength, options)
    : undefined;
  const out: BacktestRun = { series: [], skipped: [], lstm: lstmInfo?.info };
  const settings = { arima: { selectionHorizonsSteps: arimaHorizons(options.horizonsSteps, stepMs) } };
  for (const { name, series } of inputs) {
    const usable = usableModels(name, series, computed, options, lstmInfo?.model, out);
    const t0 = performance.now();
    const result = await backtestSeries(name, series, {
      horizonsSteps: options.horizonsSteps,
      models: options.models.filter((m) => m === 'auto' || usable.includes(m)),
      trainFraction: options.trainFraction,
      maxOrigins: options.maxOrigins,
      create: (m) => (m === 'lstm' && lstmInfo ? lstmInfo.model : createForecaster(m, settings)),
      release: (m, f) => (m === 'lstm' ? undefined : disposeForecaster(f)),
      ...(options.warmupOrigins === undefined ? {} : { warmupOrigins: options.warmupOrigins }),
      ...(options.warmupSpan === undefined ? {} : { warmupSpan: options.warmupSpan }),
      ...(options.onOrigin ? { onOrigin: (o, f, s) => options.onOrigin!(name, o, f, s) } : {}),
    });
    options.log?.(`${name}: ${result.origins} origins in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    out.series.push(result);
  }
  lstmInfo?.model.dispose();
  return out;
}

function usableModels(
  name: string,
  series: TimeSeries,
  computed: string[],
  options: BacktestRunOptions,
  lstm: Forecaster | undefined,
  out: BacktestRun,
): string[] {
  const trainLength = Math.floor(series.values.length * options.trainFraction);
  return computed.filter((m) => {
    const min = m === 'lstm' ? (lstm?.minLength ?? 0) : m === 'arima' ? new ArimaForecaster().minLength : 1;
    if (m === 'lstm' && !lstm) {
      out.skipped.push({ series: name, model: m, reason: 'no LSTM could be trained (all series too short)' });
      return false;
    }
    if (trainLength >= min || m === 'lstm') return true;
    out.skipped.push({
      series: name,
      model: m,
      reason: `needs ${min} points before the first origin, has ${trainLength}`,
    });
    return false;
  });
}

/** ARIMA selects one spec per requested horizon up to 10 minutes (at least the shortest horizon). */
export function arimaHorizons(horizonsSteps: readonly number[], stepMs: number): number[] {
  const within = horizonsSteps.filter((h) => h * stepMs <= 10 * 60_000);
  return within.length > 0 ? within : [Math.min(...horizonsSteps)];
}

/** LSTM settings scaled to the data: lookback ≈ a fifth of the training part, capped at 120 points. */
export function lstmSettingsFor(
  trainLength: number,
  maxHorizon: number,
  base: LstmOptions = {},
): LstmOptions {
  const lookback0 = Math.max(8, Math.min(120, Math.floor(trainLength / 5)));
  const aggregate = base.aggregate ?? (lookback0 >= 60 ? 5 : 1);
  const lookback = base.lookback ?? Math.floor(lookback0 / aggregate) * aggregate;
  return { ...base, lookback, aggregate, outputSteps: Math.max(maxHorizon, base.outputSteps ?? 1) };
}

async function trainSharedLstm(
  inputs: readonly { name: string; series: TimeSeries }[],
  trainLength: number,
  options: BacktestRunOptions,
): Promise<{ model: LstmForecaster; info: NonNullable<BacktestRun['lstm']> } | undefined> {
  const settings = lstmSettingsFor(trainLength, Math.max(...options.horizonsSteps), options.lstm);
  const model = new LstmForecaster(settings);
  const heads = inputs.map((s) =>
    seriesHead(s.series, Math.floor(s.series.values.length * options.trainFraction)),
  );
  if (!heads.some((h) => h.values.length >= model.minLength)) return undefined;
  const t0 = performance.now();
  options.log?.(
    `lstm: training on ${heads.length} series (lookback ${settings.lookback}, aggregate ${settings.aggregate})`,
  );
  await model.train(heads);
  const trainSeconds = (performance.now() - t0) / 1000;
  options.log?.(`lstm: trained in ${trainSeconds.toFixed(1)} s`);
  return {
    model,
    info: {
      lookback: settings.lookback!,
      aggregate: settings.aggregate!,
      epochs: settings.epochs ?? 10,
      trainSeconds,
    },
  };
}
