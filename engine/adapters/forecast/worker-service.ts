/**
 * Live-mode forecasting service: a worker thread refreshes forecasts for N agents from shared memory,
 * and the decision path reads the last published forecast synchronously (`predicted`, `fillPredicted`)
 * without ever waiting for a model. The driver calls `observe` with each heartbeat's CPU and `refresh`
 * on its own schedule (e.g. every few seconds); a refresh already running is not started twice.
 */
import { Worker } from 'node:worker_threads';
import type { ArimaOptions } from './arima-forecaster.js';
import { allocateCache, ForecastCache } from './forecast-cache.js';
import type { FromWorker, LiveModel, RefreshStats, WorkerInit } from './worker-protocol.js';

export interface ForecastServiceOptions {
  agentCount: number;
  model: LiveModel;
  /** Observations kept per agent (default 240). */
  capacity?: number;
  /** Steps forecast per agent (default 30). */
  horizonSteps?: number;
  /** Grid step of the observations (default 60,000 ms). */
  stepMs?: number;
  lstmModelDir?: string;
  /** Time budget per refresh for per-agent models (default none). */
  refreshBudgetMs?: number;
  /** ARIMA settings of the live models (defaults: `liveArimaOptions` in arima-forecaster.ts). */
  arima?: ArimaOptions;
  /** ARIMA: background refit after this many new observations per agent (default 60). */
  refitEverySteps?: number;
  /** ARIMA: background model reselection after this many new observations (default: the capacity). */
  reselectEverySteps?: number;
}

export class ForecastService {
  private nextId = 1;
  private inFlight: Promise<RefreshStats> | undefined;
  private waiting = new Map<number, { resolve: (s: RefreshStats) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly cache: ForecastCache,
    private readonly worker: Worker,
  ) {
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    worker.on('error', (err) => this.failAll(err));
  }

  /** Starts the worker and resolves once its models are loaded. Rejects with the worker's error. */
  static async start(options: ForecastServiceOptions): Promise<ForecastService> {
    const buffers = allocateCache({
      agentCount: options.agentCount,
      capacity: options.capacity ?? 240,
      horizonSteps: options.horizonSteps ?? 30,
    });
    const init: WorkerInit = {
      buffers,
      model: options.model,
      stepMs: options.stepMs ?? 60_000,
      lstmModelDir: options.lstmModelDir,
      refreshBudgetMs: options.refreshBudgetMs,
      arima: options.arima,
      refitEverySteps: options.refitEverySteps,
      reselectEverySteps: options.reselectEverySteps,
    };
    const worker = spawnWorker(init);
    await new Promise<void>((resolve, reject) => {
      const onMsg = (msg: FromWorker) => {
        if (msg.type === 'ready') resolve();
        if (msg.type === 'error') reject(new Error(`forecast worker: ${msg.message}`));
        if (msg.type !== 'refreshed') worker.off('message', onMsg);
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
    return new ForecastService(new ForecastCache(buffers), worker);
  }

  /** Records one observation (e.g. CPU 0–1) for an agent; cheap, no message to the worker. */
  observe(agentIdx: number, value: number): void {
    this.cache.observe(agentIdx, value);
  }

  /** Forecast `step` steps ahead for an agent from the cache; NaN before its first forecast. Never waits. */
  predicted(agentIdx: number, step: number): number {
    return this.cache.predicted(agentIdx, step);
  }

  /** Asks the worker to refresh every agent; concurrent calls share the refresh in flight. */
  refresh(): Promise<RefreshStats> {
    if (this.inFlight) return this.inFlight;
    const id = this.nextId++;
    this.inFlight = new Promise<RefreshStats>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'refresh', id });
    }).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'stop' });
    await new Promise((r) => this.worker.once('exit', r));
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'refreshed') {
      this.waiting.get(msg.stats.id)?.resolve(msg.stats);
      this.waiting.delete(msg.stats.id);
    } else if (msg.type === 'error' && msg.id !== undefined) {
      this.waiting.get(msg.id)?.reject(new Error(`forecast worker: ${msg.message}`));
      this.waiting.delete(msg.id);
    }
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

/**
 * Runs the compiled worker from dist; in a source checkout a one-line bootstrap registers tsx in the
 * worker first (an `--import tsx` exec argument does not reach ESM worker entry points on Node 20).
 */
function spawnWorker(init: WorkerInit): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./worker-main.js', import.meta.url), { workerData: init });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker-main.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: init });
}
