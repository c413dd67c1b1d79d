/**
 * Live mode: how the worker-thread forecasts reach the engine core. The core only ever sees values — a
 * `ForecastUpdated` stimulus — exactly as in simulation, so the predicted-load plugin behaves the same.
 *
 * - `forecastStimulusFromCache` turns the shared-memory `ForecastCache` into that stimulus (mean of the
 *   first `horizonSteps` published steps per agent; agents with no forecast yet are left out).
 * - `LiveForecastFeed` is the glue a live driver uses: it averages heartbeat CPU onto the forecast grid
 *   (`onHeartbeat`, cheap, on the decision path), and on its own schedule (`tick`, off the decision path)
 *   asks the worker for a refresh and submits the resulting stimulus. A refresh that fails keeps the
 *   previous forecasts (the stimulus is simply not sent).
 */
import type { Stimulus } from '../../core/stimuli.js';
import type { ForecastCache } from './forecast-cache.js';
import type { RefreshStats } from './worker-protocol.js';

export type ForecastUpdatedStimulus = Extract<Stimulus, { kind: 'ForecastUpdated' }>;

/**
 * The cache's current forecasts as a `ForecastUpdated` stimulus. `agentIds[i]` names cache slot i;
 * the value is the mean of steps 1…`horizonSteps` (default: the cache's whole horizon), clamped to 0–1.
 */
export function forecastStimulusFromCache(
  cache: ForecastCache,
  agentIds: readonly string[],
  horizonSteps = cache.layout.horizonSteps,
): ForecastUpdatedStimulus {
  const steps = Math.max(1, Math.min(horizonSteps, cache.layout.horizonSteps));
  const forecasts: { agentId: string; cpu: number }[] = [];
  const n = Math.min(agentIds.length, cache.layout.agentCount);
  for (let i = 0; i < n; i++) {
    if (cache.version(i) === 0) continue;
    let sum = 0;
    for (let k = 1; k <= steps; k++) sum += cache.predicted(i, k);
    const cpu = sum / steps;
    if (Number.isFinite(cpu)) forecasts.push({ agentId: agentIds[i]!, cpu: Math.min(1, Math.max(0, cpu)) });
  }
  return { kind: 'ForecastUpdated', forecasts };
}

/** What the feed needs from the forecasting service (`ForecastService` fits). */
export interface ForecastSource {
  readonly cache: ForecastCache;
  observe(agentIdx: number, value: number): void;
  refresh(): Promise<RefreshStats>;
}

export interface LiveForecastFeedOptions {
  /** Grid step of the observations, as configured in the service (e.g. 60,000 ms). */
  stepMs: number;
  /** Steps averaged into the forecast sent to the core (default: the cache's horizon). */
  horizonSteps?: number;
}

/** Feeds heartbeats into the forecasting service and its forecasts into the engine (see file doc). */
export class LiveForecastFeed {
  private readonly slotOf = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly sum: Float64Array;
  private readonly count: Int32Array;
  private readonly bucket: Float64Array;

  constructor(
    private readonly source: ForecastSource,
    private readonly submit: (stim: ForecastUpdatedStimulus) => void,
    private readonly options: LiveForecastFeedOptions,
  ) {
    const n = source.cache.layout.agentCount;
    this.sum = new Float64Array(n);
    this.count = new Int32Array(n);
    this.bucket = new Float64Array(n).fill(Number.NaN);
  }

  /**
   * Records one heartbeat's CPU (0–1) at wall time `nowMs`. Heartbeats are averaged per grid step; a
   * step's mean is observed when the first heartbeat of a later step arrives. Agents beyond the cache's
   * capacity are ignored (returns false).
   */
  onHeartbeat(agentId: string, cpu: number, nowMs: number): boolean {
    const i = this.slot(agentId);
    if (i < 0) return false;
    const b = Math.floor(nowMs / this.options.stepMs);
    const cur = this.bucket[i]!;
    if (!Number.isNaN(cur) && b !== cur && this.count[i]! > 0) {
      this.source.observe(i, this.sum[i]! / this.count[i]!);
      this.sum[i] = 0;
      this.count[i] = 0;
    }
    this.bucket[i] = b;
    this.sum[i]! += cpu;
    this.count[i]!++;
    return true;
  }

  /** Refreshes the forecasts in the worker and submits them to the core; resolves with the stimulus. */
  async tick(): Promise<ForecastUpdatedStimulus | null> {
    try {
      await this.source.refresh();
    } catch {
      return null;
    }
    const stim = forecastStimulusFromCache(this.source.cache, this.ids, this.options.horizonSteps);
    if (stim.forecasts.length > 0) this.submit(stim);
    return stim;
  }

  private slot(agentId: string): number {
    const known = this.slotOf.get(agentId);
    if (known !== undefined) return known;
    if (this.ids.length >= this.source.cache.layout.agentCount) return -1;
    this.slotOf.set(agentId, this.ids.length);
    this.ids.push(agentId);
    return this.ids.length - 1;
  }
}
