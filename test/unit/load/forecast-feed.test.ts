import { describe, expect, it } from 'vitest';
import { allocateCache, ForecastCache } from '../../../engine/adapters/forecast/forecast-cache.js';
import {
  type ForecastUpdatedStimulus,
  forecastStimulusFromCache,
  LiveForecastFeed,
} from '../../../engine/adapters/forecast/forecast-feed.js';
import type { RefreshStats } from '../../../engine/adapters/forecast/worker-protocol.js';

function cache(agentCount = 3, horizonSteps = 4): ForecastCache {
  return new ForecastCache(allocateCache({ agentCount, capacity: 16, horizonSteps }));
}

describe('live forecasts to the engine', () => {
  it('the cache becomes a ForecastUpdated stimulus: mean over the horizon, agents without forecasts left out', () => {
    const c = cache();
    c.publish(0, Float64Array.of(0.2, 0.4, 0.6, 0.8));
    c.publish(2, Float64Array.of(1.5, 1.5, 1.5, 1.5));
    const stim = forecastStimulusFromCache(c, ['a', 'b', 'c']);
    expect(stim.kind).toBe('ForecastUpdated');
    expect(stim.forecasts).toEqual([
      { agentId: 'a', cpu: expect.closeTo(0.5, 9) },
      { agentId: 'c', cpu: 1 },
    ]);
    expect(forecastStimulusFromCache(c, ['a', 'b', 'c'], 2).forecasts[0]!.cpu).toBeCloseTo(0.3);
  });

  it('the feed averages heartbeats per grid step, refreshes and submits', async () => {
    const c = cache(2);
    const observed: [number, number][] = [];
    const source = {
      cache: c,
      observe: (i: number, v: number) => observed.push([i, v]),
      refresh: async (): Promise<RefreshStats> => {
        c.publish(0, Float64Array.of(0.3, 0.3, 0.3, 0.3));
        return {} as RefreshStats;
      },
    };
    const sent: ForecastUpdatedStimulus[] = [];
    const feed = new LiveForecastFeed(source, (s) => sent.push(s), { stepMs: 1000 });
    feed.onHeartbeat('x', 0.2, 100);
    feed.onHeartbeat('x', 0.4, 900);
    feed.onHeartbeat('x', 0.9, 1100);
    feed.onHeartbeat('y', 0.1, 1200);
    expect(feed.onHeartbeat('z', 0.1, 1300)).toBe(false);
    expect(observed).toEqual([[0, expect.closeTo(0.3, 9)]]);
    await feed.tick();
    expect(sent).toEqual([{ kind: 'ForecastUpdated', forecasts: [{ agentId: 'x', cpu: 0.3 }] }]);
  });

  it('a failed refresh sends nothing and keeps the previous forecasts', async () => {
    const c = cache(1);
    const sent: unknown[] = [];
    const feed = new LiveForecastFeed(
      { cache: c, observe: () => {}, refresh: () => Promise.reject(new Error('worker died')) },
      (s) => sent.push(s),
      { stepMs: 1000 },
    );
    expect(await feed.tick()).toBeNull();
    expect(sent).toEqual([]);
  });
});
