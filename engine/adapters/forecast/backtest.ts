/**
 * Rolling-origin backtest. For each series, origins are spread evenly (at most `maxOrigins`) over the part
 * after `trainFraction`; at each origin every model sees only the points up to it and forecasts the
 * largest horizon; the error at horizon h is that forecast's h-th step against the actual value.
 * Models refit every `refitEverySteps` (full fit: order selection, Prophet fit) and are only updated
 * (cheap re-conditioning) in between. `auto` is evaluated without extra fits: at each origin it takes,
 * per horizon, the forecasts the two best recent performers among the other models made there, combined
 * with the correlated-error Bates–Granger weights of `chooseAutoWeights` (the best alone when the
 * runner-up is clearly worse), using only errors already observable at that origin (warm-up origins on
 * the training part seed its scoreboard). Origins or targets inside long resampling gaps (`observed = 0`)
 * are skipped.
 */
import { chooseAutoWeights, routeByHorizon } from '../../load/auto-routing.js';
import {
  ErrorAccumulator,
  type ForecastErrorSummary,
  improvementPercent,
} from '../../load/forecast-metrics.js';
import { ForecastScoreboard } from '../../load/forecast-scoreboard.js';
import type { Forecaster } from '../../load/forecaster.js';
import { seriesHead, type TimeSeries } from '../../load/time-series.js';
import { disposeForecaster } from './registry.js';

export interface BacktestOptions {
  horizonsSteps: readonly number[];
  /** Models to report (canonical names; may include `auto`). */
  models: readonly string[];
  /** Builds a model for one series; called once per model and series. */
  create: (model: string, series: TimeSeries) => Forecaster;
  /** Full refit interval per model, in steps (default: 1 for baselines, see `defaultRefitSteps`). */
  refitEverySteps?: (model: string) => number;
  trainFraction?: number;
  maxOrigins?: number;
  /**
   * Unscored origins before the first one (default 200, over the last `warmupSpan` of the training part)
   * whose errors only warm up auto's scoreboard, so auto starts from a validation on the training part
   * rather than blind. (The LSTM is trained on the training part, so its warm-up errors are in-sample.)
   */
  warmupOrigins?: number;
  /** Share of the training part, ending at the first origin, that the warm-up origins span (default 0.4). */
  warmupSpan?: number;
  /** Releases a model after its series (default: `disposeForecaster`); skip shared models here. */
  release?: (model: string, forecaster: Forecaster) => void;
  /** Called after each series with its result (progress output). */
  onSeries?: (result: SeriesBacktest) => void;
  /**
   * Called at every origin (warm-up ones with `scored` false) with each model's forecast of the largest
   * horizon (auto's included), e.g. to study combination rules offline.
   */
  onOrigin?: (origin: number, forecasts: ReadonlyMap<string, Float64Array>, scored: boolean) => void;
}

export interface ModelScore extends ForecastErrorSummary {
  /** Percent MAE reduction versus naive at the same horizon (positive = better). */
  improvementOverNaivePercent: number;
}

export interface HorizonResult {
  horizonSteps: number;
  horizonMs: number;
  models: Record<string, ModelScore>;
  /** For `auto`: how often it picked each model. */
  autoChoices?: Record<string, number>;
}

export interface SeriesBacktest {
  series: string;
  points: number;
  stepMs: number;
  origins: number;
  firstOriginMs: number;
  horizons: HorizonResult[];
  /** Wall-clock seconds per model spent fitting and forecasting (informational). */
  seconds: Record<string, number>;
}

/** Default full-refit interval: baselines every origin, ARIMA daily at 1-min steps, Prophet every 12 h. */
export function defaultRefitSteps(model: string, stepMs: number): number {
  if (model === 'arima') return Math.max(1, Math.round(86_400_000 / stepMs));
  if (model === 'prophet') return Math.max(1, Math.round(43_200_000 / stepMs));
  if (model === 'lstm') return Number.POSITIVE_INFINITY;
  return 1;
}

/** Models actually computed: the requested ones, naive, and auto's candidates if auto is requested. */
export function modelsToCompute(
  requested: readonly string[],
  horizonsSteps: readonly number[],
  stepMs: number,
): string[] {
  const set = new Set(requested.filter((m) => m !== 'auto'));
  set.add('naive');
  if (requested.includes('auto')) {
    set.add('ma5');
    for (const h of horizonsSteps) set.add(routeByHorizon(h * stepMs));
  }
  return [...set];
}

/** Runs the backtest on one series. Throws if the series is too short for any origin. */
export async function backtestSeries(
  name: string,
  series: TimeSeries,
  options: BacktestOptions,
): Promise<SeriesBacktest> {
  const horizons = [...options.horizonsSteps].sort((a, b) => a - b);
  const maxH = horizons[horizons.length - 1]!;
  const computed = modelsToCompute(options.models, horizons, series.stepMs);
  const models = new Map(computed.map((m) => [m, options.create(m, series)] as const));
  const origins = chooseOrigins(
    series,
    maxH,
    Math.max(...[...models.values()].map((m) => m.minLength)),
    options,
  );
  if (origins.length === 0) {
    throw new Error(
      `series '${name}': too short for a backtest at horizon ${maxH} steps (${series.values.length} points)`,
    );
  }
  const withAuto = options.models.includes('auto');
  const state = newState(computed, horizons, withAuto, series.stepMs);
  const warmup = withAuto ? warmupOrigins(series, origins[0]!, maxH, options) : [];
  for (const o of warmup) await evaluateOrigin(series, o, models, horizons, maxH, state, options, false);
  for (const o of origins) await evaluateOrigin(series, o, models, horizons, maxH, state, options, true);
  for (const [m, f] of models) {
    if (options.release) options.release(m, f);
    else disposeForecaster(f);
  }
  const result = summarise(name, series, origins, horizons, options.models, state);
  options.onSeries?.(result);
  return result;
}

interface Pending {
  origin: number;
  forecasts: Map<string, Float64Array>;
  scored: Set<number>;
}

interface State {
  acc: Map<string, ErrorAccumulator[]>;
  lastFit: Map<string, number>;
  seconds: Map<string, number>;
  board: ForecastScoreboard;
  pending: Pending[];
  autoChoices: Map<string, number>[];
  withAuto: boolean;
}

/**
 * Memory of auto's scoreboard in time: 1,000 minutes, the span its former 60-error window covered at the
 * ~17-step origin stride of the default protocol (where auto's rule was chosen). A window counted in
 * errors shrank to an hour when every point was an origin (`--origins 5000`), and at 2 h ahead auto then
 * chased the autocorrelated errors of the last few origins.
 */
const AUTO_MEMORY_MS = 60_000_000;

function scoreboardWindowSteps(stepMs: number): number {
  return Math.max(1, Math.round(AUTO_MEMORY_MS / stepMs));
}

function newState(models: string[], horizons: number[], withAuto: boolean, stepMs: number): State {
  const names = withAuto ? [...models, 'auto'] : models;
  return {
    acc: new Map(names.map((m) => [m, horizons.map(() => new ErrorAccumulator())])),
    lastFit: new Map(),
    seconds: new Map(names.map((m) => [m, 0])),
    board: new ForecastScoreboard(scoreboardWindowSteps(stepMs)),
    pending: [],
    autoChoices: horizons.map(() => new Map()),
    withAuto,
  };
}

function chooseOrigins(
  series: TimeSeries,
  maxH: number,
  minLength: number,
  options: BacktestOptions,
): number[] {
  const n = series.values.length;
  const first = Math.max(minLength - 1, Math.floor(n * (options.trainFraction ?? 0.7)));
  const last = n - 1 - maxH;
  if (last < first) return [];
  const stride = Math.max(1, Math.ceil((last - first + 1) / (options.maxOrigins ?? 200)));
  const out: number[] = [];
  for (let o = first; o <= last; o += stride) if (!series.observed || series.observed[o] === 1) out.push(o);
  return out;
}

/** Origins in the last `warmupSpan` (40%) before `first`, spaced so their targets mature before `first`. */
function warmupOrigins(series: TimeSeries, first: number, maxH: number, options: BacktestOptions): number[] {
  const count = options.warmupOrigins ?? 200;
  const from = Math.max(1, Math.floor(first * (1 - (options.warmupSpan ?? 0.4))));
  const to = first - maxH;
  if (count <= 0 || to <= from) return [];
  const stride = Math.max(1, Math.ceil((to - from) / count));
  const out: number[] = [];
  for (let o = from; o < to; o += stride) if (!series.observed || series.observed[o] === 1) out.push(o);
  return out;
}

async function evaluateOrigin(
  series: TimeSeries,
  origin: number,
  models: Map<string, Forecaster>,
  horizons: number[],
  maxH: number,
  state: State,
  options: BacktestOptions,
  scored: boolean,
): Promise<void> {
  const head = seriesHead(series, origin + 1);
  const forecasts = new Map<string, Float64Array>();
  for (const [name, model] of models) {
    const t0 = performance.now();
    const last = state.lastFit.get(name);
    const refit = options.refitEverySteps?.(name) ?? defaultRefitSteps(name, series.stepMs);
    if (last === undefined || origin - last >= refit) {
      await model.fit(head);
      state.lastFit.set(name, origin);
    } else {
      await model.update(head);
    }
    forecasts.set(name, model.forecast(maxH).point);
    state.seconds.set(name, state.seconds.get(name)! + (performance.now() - t0) / 1000);
  }
  if (state.withAuto)
    forecasts.set('auto', autoForecast(series, origin, horizons, maxH, forecasts, state, scored));
  if (scored) recordErrors(series, origin, horizons, forecasts, state);
  options.onOrigin?.(origin, forecasts, scored);
}

/** auto's forecast at this origin: per horizon, the (weighted) choice made from matured errors. */
function autoForecast(
  series: TimeSeries,
  origin: number,
  horizons: number[],
  maxH: number,
  forecasts: Map<string, Float64Array>,
  state: State,
  scored: boolean,
): Float64Array {
  flushMatured(series, origin, horizons, state);
  const out = new Float64Array(maxH);
  const candidates = [...forecasts.keys()];
  horizons.forEach((h, hi) => {
    const routed = routeByHorizon(h * series.stepMs);
    const picks = chooseAutoWeights(routed, candidates, state.board, h);
    let sum = 0;
    for (const { model, weight } of picks) sum += weight * forecasts.get(model)![h - 1]!;
    out[h - 1] = sum;
    const pick = picks.map((p) => p.model).join('+');
    const counts = state.autoChoices[hi]!;
    if (scored) counts.set(pick, (counts.get(pick) ?? 0) + 1);
  });
  state.pending.push({ origin, forecasts: new Map(forecasts), scored: new Set() });
  return out;
}

/** Feeds the scoreboard with errors of earlier origins whose targets are known at `origin` (each once). */
function flushMatured(series: TimeSeries, origin: number, horizons: number[], state: State): void {
  const keep: Pending[] = [];
  for (const p of state.pending) {
    for (const h of horizons) {
      const t = p.origin + h;
      if (t > origin || p.scored.has(h)) continue;
      p.scored.add(h);
      if (series.observed && series.observed[t] !== 1) continue;
      for (const [name, point] of p.forecasts)
        state.board.record(name, h, Math.abs(point[h - 1]! - series.values[t]!), t);
    }
    if (p.scored.size < horizons.length) keep.push(p);
  }
  state.pending = keep;
}

function recordErrors(
  series: TimeSeries,
  origin: number,
  horizons: number[],
  forecasts: Map<string, Float64Array>,
  state: State,
): void {
  horizons.forEach((h, hi) => {
    const t = origin + h;
    if (series.observed && series.observed[t] !== 1) return;
    const actual = series.values[t]!;
    for (const [name, point] of forecasts) state.acc.get(name)![hi]!.add(actual, point[h - 1]!);
  });
}

function summarise(
  name: string,
  series: TimeSeries,
  origins: number[],
  horizons: number[],
  requested: readonly string[],
  state: State,
): SeriesBacktest {
  const reported = ['naive', ...requested.filter((m) => m !== 'naive')];
  const results: HorizonResult[] = horizons.map((h, hi) => {
    const naiveMae = state.acc.get('naive')![hi]!.summary().mae;
    const models: Record<string, ModelScore> = {};
    for (const m of reported) {
      const s = state.acc.get(m)![hi]!.summary();
      models[m] = { ...s, improvementOverNaivePercent: improvementPercent(s.mae, naiveMae) };
    }
    const result: HorizonResult = { horizonSteps: h, horizonMs: h * series.stepMs, models };
    if (state.withAuto) result.autoChoices = Object.fromEntries(state.autoChoices[hi]!);
    return result;
  });
  return {
    series: name,
    points: series.values.length,
    stepMs: series.stepMs,
    origins: origins.length,
    firstOriginMs: series.startMs + origins[0]! * series.stepMs,
    horizons: results,
    seconds: Object.fromEntries(state.seconds),
  };
}
