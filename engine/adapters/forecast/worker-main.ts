/**
 * Forecasting worker thread. Holds one cached model per agent (or one shared LSTM), and on each
 * `refresh` re-conditions the models on the latest history in shared memory and publishes forecasts
 * into the double-buffered cache. Models are fitted the first time an agent has enough history and only
 * updated afterwards; an LSTM is loaded from disk, never trained here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Forecaster } from '../../load/forecaster.js';
import { NaiveForecaster } from '../../load/naive-forecaster.js';
import type { TimeSeries } from '../../load/time-series.js';
import { ForecastCache } from './forecast-cache.js';
import { LstmForecaster } from './lstm-forecaster.js';
import { createForecaster } from './registry.js';
import type { FromWorker, RefreshStats, ToWorker, WorkerInit } from './worker-protocol.js';

const init = workerData as WorkerInit;
const cache = new ForecastCache(init.buffers);
const { agentCount, horizonSteps } = cache.layout;
const models: (Forecaster | undefined)[] = new Array(agentCount).fill(undefined);
const fallback = new NaiveForecaster();
let lstm: LstmForecaster | undefined;
let cursor = 0;

function post(msg: FromWorker): void {
  parentPort!.postMessage(msg);
}

function seriesOf(agentIdx: number): TimeSeries | undefined {
  const { values, total } = cache.window(agentIdx);
  if (values.length === 0) return undefined;
  return { startMs: (total - values.length) * init.stepMs, stepMs: init.stepMs, values };
}

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
  return { id, elapsedMs: performance.now() - t0, refreshed, skipped: agentCount - refreshed };
}

function forecastAgent(agent: number, s: TimeSeries): Float64Array {
  let m = models[agent];
  try {
    if (!m && s.values.length >= createForecaster(init.model).minLength) {
      m = createForecaster(init.model);
      void m.fit(s);
      models[agent] = m;
    } else if (m) {
      void m.update(s);
    }
    if (m) return m.forecast(horizonSteps).point;
  } catch {
    models[agent] = undefined;
  }
  fallback.fit(s);
  return fallback.forecast(horizonSteps).point;
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
  });
  post({ type: 'ready' });
}

main().catch((err: Error) => post({ type: 'error', message: err.message }));
