/**
 * Load forecasting in the live server (off unless the config has a `forecast` section). A worker thread
 * (`ForecastService`) holds one cached model per agent; `LiveForecastFeed` averages each agent's heartbeat
 * CPU onto the forecast grid and, every grid step, asks the worker for a refresh and submits the result
 * to the core as a `ForecastUpdated` stimulus, which the predicted-load Score plugin reads. The decision
 * path never waits for a model: heartbeats only append to shared memory, and the core sees forecasts as
 * values whenever a refresh completes.
 *
 * The worker starts in the background: the server does not wait for it, heartbeats before it is ready
 * are not recorded, and a worker that fails to start is logged and forecasting stays off.
 */
import { type ForecastUpdatedStimulus, LiveForecastFeed } from '../adapters/forecast/forecast-feed.js';
import { ForecastService } from '../adapters/forecast/worker-service.js';
import type { ForecastConfig } from './forecast-config.js';
import type { Logger } from './log.js';

export interface ForecastingStats {
  /** The worker is running. */
  ready: boolean;
  /** Refreshes completed and stimuli submitted. */
  refreshes: number;
  /** Agents in the last stimulus. */
  agentsForecast: number;
  /** Worker wall time of the last refresh (ms). */
  lastRefreshMs: number;
}

export class ServerForecasting {
  private service: ForecastService | undefined;
  private feed: LiveForecastFeed | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly starting: Promise<void>;
  private closed = false;
  private ticking = false;
  private readonly counters: ForecastingStats = {
    ready: false,
    refreshes: 0,
    agentsForecast: 0,
    lastRefreshMs: 0,
  };
  /** The last stimulus submitted to the core (undefined before the first). */
  last: ForecastUpdatedStimulus | undefined;

  constructor(
    readonly config: ForecastConfig,
    private readonly submit: (stim: ForecastUpdatedStimulus) => void,
    private readonly log: Logger,
  ) {
    this.starting = this.start();
  }

  /** Records one heartbeat's CPU (0–1); cheap (a shared-memory append at most), never waits. */
  onHeartbeat(agentId: string, cpu: number, nowMs: number): void {
    this.feed?.onHeartbeat(agentId, cpu, nowMs);
  }

  stats(): ForecastingStats {
    return { ...this.counters };
  }

  /** Stops the refresh timer and the worker. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.starting;
    await this.service?.close();
  }

  private async start(): Promise<void> {
    const c = this.config;
    try {
      const service = await ForecastService.start({
        agentCount: c.agentsMax,
        model: c.model,
        capacity: c.capacity,
        horizonSteps: c.horizonSteps,
        stepMs: c.stepMs,
        lstmModelDir: c.lstmModelDir,
      });
      if (this.closed) {
        await service.close();
        return;
      }
      this.service = service;
      this.feed = new LiveForecastFeed(service, (s) => this.onStimulus(s), { stepMs: c.stepMs });
      this.timer = setInterval(() => void this.tick(), c.stepMs);
      this.timer.unref();
      this.counters.ready = true;
      this.log.info('load forecasting started', { model: c.model, stepMs: c.stepMs, agentsMax: c.agentsMax });
    } catch (err) {
      this.log.error('load forecasting disabled: the worker did not start', {
        error: (err as Error).message,
      });
    }
  }

  /** One refresh; skipped while the previous one is still running. */
  private async tick(): Promise<void> {
    if (this.ticking || this.closed || !this.feed) return;
    this.ticking = true;
    try {
      const t0 = performance.now();
      await this.feed.tick();
      this.counters.lastRefreshMs = performance.now() - t0;
    } finally {
      this.ticking = false;
    }
  }

  private onStimulus(stim: ForecastUpdatedStimulus): void {
    if (this.closed) return;
    this.last = stim;
    this.counters.refreshes++;
    this.counters.agentsForecast = stim.forecasts.length;
    this.submit(stim);
  }
}
