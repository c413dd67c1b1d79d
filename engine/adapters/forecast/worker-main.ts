/**
 * Forecasting worker thread. Holds one cached model per agent (or one shared LSTM), and on each
 * `refresh` re-conditions the models on the latest history in shared memory and publishes forecasts
 * into the double-buffered cache. An LSTM is loaded from disk, never trained here.
 *
 * Baselines are fitted inline the first time an agent has enough history (microseconds). ARIMA models
 * are never fitted on the refresh path: a refresh only runs each fitted model's recursion over the newest
 * window (`updateMode: 'recondition'`, microseconds per agent) and publishes the naive forecast for agents
 * not fitted yet. Fitting happens in the background between refreshes, in slices of a few milliseconds
 * (so a refresh request waits at most one slice): first every agent without a model (order selection
 * and fit), then, oldest first, every agent with `refitEverySteps` new observations since its last fit:
 * coefficients refitted with the selected order, or, once `reselectEverySteps` observations arrived since
 * the model was selected (by default the history capacity: none of the data it was selected on is left),
 * a full selection again, so a series whose behaviour changed (a level shift, a trend) gets a model chosen
 * for the new behaviour, as the backtest's daily reselection does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Forecaster } from '../../load/forecaster.js';
import { NaiveForecaster } from '../../load/naive-forecaster.js';
import type { TimeSeries } from '../../load/time-series.js';
import { ArimaForecaster, liveArimaOptions } from './arima-forecaster.js';
import { ForecastCache } from './forecast-cache.js';
import { LstmForecaster } from './lstm-forecaster.js';
import { createForecaster } from './registry.js';
import type { FromWorker, RefreshStats, ToWorker, WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const cache = new ForecastCache(init.buffers);
const { agentCount, horizonSteps } = cache.layout;
const models: (Forecaster | undefined)[] = new Array(agentCount).fill(undefined);
const fallback = new NaiveForecaster();
const backgroundFit = init.model === 'arima';
/** Observation count of each agent at its last (re)fit; −1: never fitted. */
const fittedAt = new Float64Array(agentCount).fill(-1);
const refitEverySteps = init.refitEverySteps ?? 60;
/** Observation count of each agent at its last full selection; −1: never selected. */
const selectedAt = new Float64Array(agentCount).fill(-1);
const reselectEverySteps = Math.max(refitEverySteps, init.reselectEverySteps ?? cache.layout.capacity);
let selections = 0;
/** Longest stretch of background fitting before the worker looks at its messages again. */
const FIT_SLICE_MS = 5;
let lstm: LstmForecaster | undefined;
let cursor = 0;
let fitCursor = 0;
let fitting = false;

function post(msg: FromWorker): void {
  parentPort!.postMessage(msg);
}

function seriesOf(agentIdx: number): TimeSeries | undefined {
  const { values, total } = cache.window(agentIdx);
  if (values.length === 0) return undefined;
  return { startMs: (total - values.length) * init.stepMs, stepMs: init.stepMs, values };
}

function createModel(): Forecaster {
  if (init.model !== 'arima') return createForecaster(init.model);
  return new ArimaForecaster(liveArimaOptions(cache.layout.capacity, horizonSteps, init.arima));
}

const minLength = createModel().minLength;

function refreshLstm(id: number, t0: number): RefreshStats {
  const ready: number[] = [];
  const series: TimeSeries[] = [];
  for (let i = 0; i < agentCount; i++) {
    const s = seriesOf(i);
    if (s && s.values.length >= lstm!.lookback) {
      ready.push(i);
      series.push(s);
    }
  }
  const preds = series.length ? lstm!.predictBatch(series, horizonSteps) : [];
  ready.forEach((agent, j) => {
    cache.publish(agent, preds[j]!);
  });
  return {
    id,
    elapsedMs: performance.now() - t0,
    refreshed: ready.length,
    skipped: agentCount - ready.length,
    modelled: ready.length,
    selections,
  };
}

function refreshPerAgent(id: number, t0: number): RefreshStats {
  const budget = init.refreshBudgetMs ?? Number.POSITIVE_INFINITY;
  let refreshed = 0;
  let visited = 0;
  for (; visited < agentCount; visited++) {
    if (performance.now() - t0 > budget) break;
    const agent = (cursor + visited) % agentCount;
    const s = seriesOf(agent);
    if (!s) continue;
    cache.publish(agent, forecastAgent(agent, s));
    refreshed++;
  }
  cursor = (cursor + visited) % agentCount;
  const modelled = models.reduce((n, m) => n + (m ? 1 : 0), 0);
  return {
    id,
    elapsedMs: performance.now() - t0,
    refreshed,
    skipped: agentCount - refreshed,
    modelled,
    selections,
  };
}

/** The agent's forecast from its cached model (re-conditioned, never fitted here for ARIMA). */
function forecastAgent(agent: number, s: TimeSeries): Float64Array {
  let m = models[agent];
  try {
    if (m) {
      void m.update(s);
      return m.forecast(horizonSteps).point;
    }
    if (!backgroundFit && s.values.length >= minLength) {
      m = createModel();
      void m.fit(s);
      models[agent] = m;
      return m.forecast(horizonSteps).point;
    }
  } catch {
    dropModel(agent);
  }
  fallback.fit(s);
  return fallback.forecast(horizonSteps).point;
}

function dropModel(agent: number): void {
  (models[agent] as { dispose?: () => void } | undefined)?.dispose?.();
  models[agent] = undefined;
  fittedAt[agent] = -1;
}

/** Next agent to fit in the background: one never fitted first, else the stalest due for a refit. */
function nextToFit(): number {
  let stale = -1;
  let staleAge = refitEverySteps - 1;
  for (let k = 0; k < agentCount; k++) {
    const agent = (fitCursor + k) % agentCount;
    const total = cache.observed(agent);
    if (total < minLength) continue;
    if (!models[agent]) return agent;
    const age = total - fittedAt[agent]!;
    if (age > staleAge) {
      stale = agent;
      staleAge = age;
    }
  }
  return stale;
}

function fitOne(agent: number): void {
  const s = seriesOf(agent)!;
  const existing = models[agent] as ArimaForecaster | undefined;
  const total = cache.observed(agent);
  try {
    if (existing && total - selectedAt[agent]! < reselectEverySteps) {
      existing.refitWindow(s);
    } else {
      const m = createModel();
      void m.fit(s);
      if (existing) dropModel(agent);
      models[agent] = m;
      selectedAt[agent] = total;
      selections++;
    }
    fittedAt[agent] = total;
  } catch {
    dropModel(agent);
    fittedAt[agent] = total;
  }
  fitCursor = (agent + 1) % agentCount;
}

function fitSlice(): void {
  const t0 = performance.now();
  let agent = nextToFit();
  while (agent >= 0) {
    fitOne(agent);
    if (performance.now() - t0 > FIT_SLICE_MS) break;
    agent = nextToFit();
  }
  if (agent >= 0) setImmediate(fitSlice);
  else fitting = false;
}

function scheduleFits(): void {
  if (!backgroundFit || fitting) return;
  fitting = true;
  setImmediate(fitSlice);
}

async function main(): Promise<void> {
  if (init.model === 'lstm') {
    if (!init.lstmModelDir)
      throw new Error('the lstm live model needs lstmModelDir (a model saved by LstmForecaster.save)');
    lstm = await LstmForecaster.load(init.lstmModelDir);
  }
  parentPort!.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      lstm?.dispose();
      process.exit(0);
    }
    const t0 = performance.now();
    try {
      const stats = lstm ? refreshLstm(msg.id, t0) : refreshPerAgent(msg.id, t0);
      post({ type: 'refreshed', stats });
    } catch (err) {
      post({ type: 'error', message: (err as Error).message, id: msg.id });
    }
    scheduleFits();
  });
  post({ type: 'ready' });
}

main().catch((err: Error) => post({ type: 'error', message: err.message }));
