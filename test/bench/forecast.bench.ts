/**
 * `npm run bench -- forecast`: load-forecasting benchmarks.
 * - single forecasts: naive, ma5, seasonal naive, ARIMA update (cached spec) + forecast on a 720-point
 *   window, LSTM forecast;
 * - batched LSTM forecast for 1,000 series;
 * - live mode: a worker refreshing 1,000 agents (ma5, seasonal naive, LSTM), wall time per refresh
 *   (target: all 1,000 within 1 s), and decision-path reads of the cache while a refresh runs.
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
    .add('lstm forecast(30), one series', () => {
      lstm.forecast(30);
    })
    .add(`lstm predictBatch(30), ${AGENTS} series`, () => {
      lstm.predictBatch(batchOf(s), 30);
    });
  await bench.run();
  table(bench);
  arima.dispose();
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
  });
  const r = createRandom(`live-${model}`);
  for (let t = 0; t < 240; t++)
    for (let a = 0; a < AGENTS; a++)
      svc.observe(a, 0.5 + 0.25 * Math.sin((2 * Math.PI * (t + a)) / 120) + 0.03 * r.normal());
  await svc.refresh();
  const walls: number[] = [];
  let reads = 0;
  let readMs = 0;
  for (let i = 0; i < 8; i++) {
    for (let a = 0; a < AGENTS; a++) svc.observe(a, 0.5);
    const t0 = performance.now();
    const pending = svc.refresh();
    const r0 = performance.now();
    for (let k = 0; k < 100_000; k++) svc.predicted(k % AGENTS, 1 + (k % 30));
    readMs += performance.now() - r0;
    reads += 100_000;
    const stats = await pending;
    walls.push(performance.now() - t0);
    if (stats.refreshed !== AGENTS) console.log(`  ${model}: only ${stats.refreshed} agents refreshed`);
  }
  walls.sort((a, b) => a - b);
  console.log(
    `live ${model}: ${AGENTS} agents per refresh, wall p50 ${walls[4]!.toFixed(0)} ms, max ${walls[7]!.toFixed(0)} ms; ` +
      `cache reads during refresh ${((readMs * 1e6) / reads).toFixed(0)} ns each`,
  );
  await svc.close();
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
    for (const model of ['ma5', 'seasonal-naive', 'lstm'] as const) await liveRefresh(model, dir);
    lstm.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
