/**
 * `npm run bench -- forecast`: load-forecasting benchmarks.
 * - single forecasts: naive, ma5, seasonal naive, ARIMA update (cached spec) + forecast on a 720-point
 *   window, LSTM forecast;
 * - batched LSTM forecast for 1,000 series;
 * - live mode: a worker refreshing 1,000 agents (ma5, seasonal naive, LSTM, ARIMA with cached models),
 *   wall time per refresh (target: all 1,000 within 1 s), and decision-path reads of the cache while a
 *   refresh runs. ARIMA: the models are first fitted in the worker's background (timed separately);
 *   each timed refresh then re-conditions all 1,000 fitted models on their newest window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { ArimaForecaster } from '../../engine/adapters/forecast/arima-forecaster.js';
import { LstmForecaster } from '../../engine/adapters/forecast/lstm-forecaster.js';
import type { LiveModel } from '../../engine/adapters/forecast/worker-protocol.js';
import { ForecastService } from '../../engine/adapters/forecast/worker-service.js';
import { MovingAverageForecaster } from '../../engine/load/moving-average-forecaster.js';
import { NaiveForecaster } from '../../engine/load/naive-forecaster.js';
import { SeasonalNaiveForecaster } from '../../engine/load/seasonal-naive-forecaster.js';
import { seriesHead, seriesOf, type TimeSeries } from '../../engine/load/time-series.js';
import { createRandom } from '../../engine/model/random.js';

const AGENTS = 1000;

function synthetic(n: number, seed: number): TimeSeries {
  const r = createRandom(seed);
  let ar = 0;
  return seriesOf(
    Float64Array.from({ length: n }, (_, i) => {
      ar = 0.7 * ar + r.normal();
      return 0.5 + 0.25 * Math.sin((2 * Math.PI * i) / 120) + 0.03 * ar;
    }),
  );
}

function table(bench: Bench): void {
  console.table(
    bench.tasks.map((t) => {
      const r = t.result;
      if (r.state !== 'completed') return { task: t.name, state: r.state };
      return {
        task: t.name,
        'p50 ms': r.latency.p50.toFixed(3),
        'p99 ms': r.latency.p99.toFixed(3),
        'ops/s': r.throughput.mean.toFixed(1),
        samples: r.latency.samplesCount,
      };
    }),
  );
}

async function singleForecasts(lstm: LstmForecaster, s: TimeSeries): Promise<void> {
  const naive = new NaiveForecaster();
  const ma = new MovingAverageForecaster(5);
  const sn = new SeasonalNaiveForecaster({ period: 120 });
  const arima = new ArimaForecaster({ selectionHorizonsSteps: [5], windowLength: 720 });
  arima.fit(seriesHead(s, 1900));
  const cached = new ArimaForecaster({
    selectionHorizonsSteps: [5],
    windowLength: 720,
    updateMode: 'recondition',
  });
  cached.fit(seriesHead(s, 1900));
  sn.fit(s);
  lstm.update(s);
  let n = 1900;
  const bench = new Bench({ time: 1500 });
  bench
    .add('naive fit+forecast(30)', () => {
      naive.fit(s);
      naive.forecast(30);
    })
    .add('ma5 fit+forecast(30)', () => {
      ma.fit(s);
      ma.forecast(30);
    })
    .add('seasonal-naive update+forecast(30)', () => {
      sn.update(s);
      sn.forecast(30);
    })
    .add('arima update+forecast(10), 720-pt window', () => {
      n = n >= 1990 ? 1900 : n + 1;
      arima.update(seriesHead(s, n));
      arima.forecast(10);
    })
    .add('arima recondition+forecast(10), 720-pt window (cached model)', () => {
      n = n >= 1990 ? 1900 : n + 1;
      cached.update(seriesHead(s, n));
      cached.forecast(10);
    })
    .add('lstm forecast(30), one series', () => {
      lstm.forecast(30);
    })
    .add(`lstm predictBatch(30), ${AGENTS} series`, () => {
      lstm.predictBatch(batchOf(s), 30);
    });
  await bench.run();
  table(bench);
  arima.dispose();
  cached.dispose();
}

let batch: TimeSeries[] | undefined;
function batchOf(s: TimeSeries): TimeSeries[] {
  batch ??= Array.from({ length: AGENTS }, (_, i) => seriesHead(s, 1000 + i));
  return batch;
}

async function liveRefresh(model: LiveModel, lstmDir: string): Promise<void> {
  const svc = await ForecastService.start({
    agentCount: AGENTS,
    model,
    lstmModelDir: lstmDir,
    horizonSteps: 30,
    capacity: 240,
    // A smaller order selection than the live default, so the 1,000 background fits take ~1 min, not ~5.
    arima: {
      candidates: [
        { p: 1, d: 0, q: 1 },
        { p: 0, d: 1, q: 1 },
      ],
      selectionOrigins: 2,
    },
  });
  const r = createRandom(`live-${model}`);
  for (let t = 0; t < 240; t++)
    for (let a = 0; a < AGENTS; a++)
      svc.observe(a, 0.5 + 0.25 * Math.sin((2 * Math.PI * (t + a)) / 120) + 0.03 * r.normal());
  const first = await svc.refresh();
  if (model === 'arima') await awaitFitted(svc, first.modelled);
  const walls: number[] = [];
  let reads = 0;
  let readMs = 0;
  const refreshes = model === 'arima' ? 40 : 8;
  for (let i = 0; i < refreshes; i++) {
    for (let a = 0; a < AGENTS; a++) svc.observe(a, 0.5);
    const t0 = performance.now();
    const pending = svc.refresh();
    const r0 = performance.now();
    for (let k = 0; k < 100_000; k++) svc.predicted(k % AGENTS, 1 + (k % 30));
    readMs += performance.now() - r0;
    reads += 100_000;
    const stats = await pending;
    walls.push(performance.now() - t0);
    if (stats.refreshed !== AGENTS || (model === 'arima' && stats.modelled !== AGENTS))
      console.log(`  ${model}: ${stats.refreshed} agents refreshed, ${stats.modelled} by their own model`);
  }
  walls.sort((a, b) => a - b);
  const rank = (q: number) => walls[Math.min(walls.length - 1, Math.ceil(q * walls.length) - 1)]!;
  console.log(
    `live ${model}: ${AGENTS} agents per refresh (${refreshes} refreshes), wall p50 ${rank(0.5).toFixed(0)} ms, ` +
      `p99 ${rank(0.99).toFixed(0)} ms, max ${walls[walls.length - 1]!.toFixed(0)} ms; ` +
      `cache reads during refresh ${((readMs * 1e6) / reads).toFixed(0)} ns each`,
  );
  await svc.close();
}

/** Waits until the worker has fitted every agent's ARIMA in the background; reports how long it took. */
async function awaitFitted(svc: ForecastService, modelled: number): Promise<void> {
  const t0 = performance.now();
  let n = modelled;
  while (n < AGENTS) {
    await new Promise((r) => setTimeout(r, 250));
    n = (await svc.refresh()).modelled;
  }
  console.log(
    `live arima: ${AGENTS} models fitted in the worker's background in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** Runs the forecasting benchmarks and prints their tables. */
export default async function run(): Promise<void> {
  const s = synthetic(2000, 1);
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-bench-lstm-'));
  try {
    const lstm = new LstmForecaster({
      lookback: 60,
      aggregate: 5,
      outputSteps: 30,
      epochs: 3,
      maxSamples: 800,
    });
    const t0 = performance.now();
    await lstm.train([s]);
    console.log(`lstm: trained (3 epochs, 800 windows) in ${(performance.now() - t0).toFixed(0)} ms`);
    await lstm.save(dir);
    await singleForecasts(lstm, s);
    for (const model of ['ma5', 'seasonal-naive', 'lstm', 'arima'] as const) await liveRefresh(model, dir);
    lstm.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
