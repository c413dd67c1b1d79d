/**
 * `agentsched predict backtest`: rolling-origin backtest of load forecasters on a CSV of (time, value)
 * rows, optionally grouped into several series. Prints MAE, RMSE, sMAPE (and MAPE) per series, model and
 * horizon with the improvement over naive, and writes the full result as JSON with `--json`.
 * See docs/forecasting.md for the evaluation protocol and the resampling rule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { BacktestRun } from '../../adapters/forecast/backtest-run.js';
import { parseCsvSeries, SeriesInputError } from '../../adapters/forecast/csv-series.js';
import { formatDurationMs, parseDurationMs } from '../../adapters/forecast/duration.js';
import { canonicalModelName, MODEL_NAMES } from '../../adapters/forecast/model-names.js';
import { UserError } from '../errors.js';
import { formatBacktest, summariseBacktest } from './predict-report.js';

export interface BacktestCliOptions {
  csv: string;
  timeCol?: string;
  valueCol?: string;
  groupCol?: string;
  header?: boolean;
  horizon: string;
  models?: string;
  json?: string;
  step?: string;
  maxGap?: string;
  timeUnit?: string;
  origins?: string;
  trainFraction?: string;
  lstmEpochs?: string;
  log?: (line: string) => void;
}

const DEFAULT_MODELS = 'naive,arima,lstm,prophet,auto';
const TIME_UNITS = ['us', 'ms', 's', 'min', 'h'] as const;

/** Runs the backtest and returns the text report (and writes the JSON file if asked). */
export async function backtestCommand(opts: BacktestCliOptions): Promise<{ text: string; result: object }> {
  const horizons = parseHorizons(opts.horizon);
  const models = parseModels(opts.models ?? DEFAULT_MODELS);
  const inputs = readSeries(opts);
  const stepMs = inputs[0]!.series.stepMs;
  const horizonsSteps = horizons.map((h) => horizonSteps(h, stepMs));
  // The models (TensorFlow.js, Prophet's WASM) load only for a backtest, not for `--help`.
  const { runBacktest } = await import('../../adapters/forecast/backtest-run.js');
  const run = await runBacktest(inputs, {
    models,
    horizonsSteps,
    trainFraction: numberOption('train-fraction', opts.trainFraction, 0.7, 0.1, 0.95),
    maxOrigins: numberOption('origins', opts.origins, 200, 1, 100_000),
    lstm: opts.lstmEpochs ? { epochs: numberOption('lstm-epochs', opts.lstmEpochs, 10, 1, 1000) } : {},
    log: opts.log,
  }).catch((err: Error) => {
    if (err.message.includes('too short')) throw new UserError(err.message);
    throw err;
  });
  const result = buildJson(opts, models, stepMs, inputs, run);
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
  return { text: formatBacktest(run, models), result };
}

function buildJson(
  opts: BacktestCliOptions,
  models: string[],
  stepMs: number,
  inputs: { name: string; samples: number }[],
  run: BacktestRun,
): object {
  return {
    source: opts.csv,
    models,
    grid: { step: formatDurationMs(stepMs), stepMs, maxGapSteps: Number(opts.maxGap ?? 5) },
    samples: Object.fromEntries(inputs.map((s) => [s.name, s.samples])),
    lstm: run.lstm,
    skipped: run.skipped,
    series: run.series.map((s) => ({
      ...s,
      horizons: s.horizons.map((h) => ({ horizon: formatDurationMs(h.horizonMs), ...h })),
    })),
    summary: summariseBacktest(run, models),
  };
}

function readSeries(opts: BacktestCliOptions) {
  let text: string;
  try {
    text = readFileSync(opts.csv, 'utf8');
  } catch (err) {
    throw new UserError(
      `--csv ${opts.csv}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const timeUnit = opts.timeUnit ?? 's';
  if (!(TIME_UNITS as readonly string[]).includes(timeUnit)) {
    throw new UserError(`--time-unit is '${timeUnit}', expected one of ${TIME_UNITS.join(', ')}`);
  }
  try {
    return parseCsvSeries(text, {
      source: opts.csv,
      header: opts.header !== false,
      timeCol: opts.timeCol,
      valueCol: opts.valueCol,
      groupCol: opts.groupCol,
      timeUnit: timeUnit as (typeof TIME_UNITS)[number],
      stepMs: opts.step === undefined ? undefined : durationOption('step', opts.step),
      maxGapSteps: numberOption('max-gap', opts.maxGap, 5, 0, 1e9),
    });
  } catch (err) {
    if (err instanceof SeriesInputError) throw new UserError(err.message);
    throw err;
  }
}

function parseHorizons(text: string): number[] {
  const out = text.split(',').map((h) => durationOption('horizon', h));
  return [...new Set(out)].sort((a, b) => a - b);
}

function horizonSteps(horizonMs: number, stepMs: number): number {
  const steps = Math.round(horizonMs / stepMs);
  if (steps < 1) {
    throw new UserError(
      `--horizon ${formatDurationMs(horizonMs)} is shorter than the grid step ${formatDurationMs(stepMs)}; use at least one step`,
    );
  }
  return steps;
}

function parseModels(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const name = canonicalModelName(raw);
    if (!name)
      throw new UserError(
        `--models: unknown model '${raw.trim()}', expected some of ${MODEL_NAMES.join(', ')}`,
      );
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function durationOption(name: string, text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined)
    throw new UserError(`--${name} '${text}' is not a duration (expected e.g. 30s, 5m, 1h, 2h30m)`);
  return ms;
}

function numberOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || v < min || v > max) {
    throw new UserError(`--${name} is '${value}', expected a number from ${min} to ${max}`);
  }
  return v;
}

/** Adds `predict backtest` to the program. */
export function register(program: Command): void {
  const predict = program
    .command('predict')
    .description('Load forecasting: backtest the forecasters on recorded series');
  predict
    .command('backtest')
    .description('Rolling-origin backtest: MAE, RMSE, sMAPE per model and horizon, improvement over naive')
    .requiredOption('--csv <file>', 'CSV with a time and a value column (header timestamp,value works as is)')
    .option('--time-col <col>', 'time column: header name or 0-based index (default timestamp/time/first)')
    .option('--value-col <col>', 'value column: header name or 0-based index (default value/second)')
    .option('--group-col <col>', 'column splitting rows into separate series (e.g. machine id)')
    .option('--no-header', 'the CSV has no header row (columns by 0-based index)')
    .requiredOption('--horizon <duration>', 'forecast horizon(s), comma-separated: 5m or 1m,10m,30m,2h')
    .option('--models <list>', `models to evaluate (${MODEL_NAMES.join(', ')})`, DEFAULT_MODELS)
    .option('--json <out>', 'write the full result as JSON')
    .option('--step <duration>', 'resampling grid step (default: median sampling interval)')
    .option('--max-gap <steps>', 'longest gap (grid steps) still scored; longer gaps are skipped', '5')
    .option('--time-unit <unit>', `unit of numeric times: ${TIME_UNITS.join(', ')}`, 's')
    .option('--origins <n>', 'most forecast origins per series (evenly spread)', '200')
    .option('--train-fraction <f>', 'share of each series before the first origin', '0.7')
    .option('--lstm-epochs <n>', 'LSTM training epochs (default 10)')
    .action(async (opts: BacktestCliOptions) => {
      const { text } = await backtestCommand({ ...opts, log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(text);
    });
}
