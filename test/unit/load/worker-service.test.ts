import { afterAll, describe, expect, it } from 'vitest';
import { ForecastService } from '../../../engine/adapters/forecast/worker-service.js';
import { createRandom } from '../../../engine/model/random.js';

describe('live forecasting worker', () => {
  const services: ForecastService[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
  });

  it('publishes forecasts for every agent; reads before the first refresh return NaN without waiting', async () => {
    const svc = await ForecastService.start({
      agentCount: 200,
      model: 'ma5',
      horizonSteps: 10,
      capacity: 50,
    });
    services.push(svc);
    expect(Number.isNaN(svc.predicted(0, 1))).toBe(true);
    for (let t = 0; t < 50; t++) for (let a = 0; a < 200; a++) svc.observe(a, a / 200);
    const stats = await svc.refresh();
    expect(stats.refreshed).toBe(200);
    expect(svc.predicted(100, 1)).toBeCloseTo(0.5);
    expect(svc.predicted(199, 10)).toBeCloseTo(199 / 200);
  });

  it('the decision path keeps reading complete forecasts while a refresh runs', async () => {
    const svc = await ForecastService.start({
      agentCount: 500,
      model: 'seasonal-naive',
      horizonSteps: 20,
      capacity: 120,
    });
    services.push(svc);
    for (let t = 0; t < 120; t++) for (let a = 0; a < 500; a++) svc.observe(a, 0.5);
    await svc.refresh();
    const pending = svc.refresh();
    let reads = 0;
    while (reads < 10_000) {
      const v = svc.predicted(reads % 500, 1 + (reads % 20));
      expect(v).toBeCloseTo(0.5);
      reads++;
    }
    expect((await pending).refreshed).toBe(500);
    expect(svc.cache.version(0)).toBe(2);
  });

  it('ARIMA: refreshes never fit; models are fitted in the background, then refreshes re-condition them', async () => {
    const agents = 40;
    const svc = await ForecastService.start({
      agentCount: agents,
      model: 'arima',
      horizonSteps: 10,
      capacity: 240,
      arima: { candidates: [{ p: 1, d: 0, q: 0 }], aggregations: [1], period: -1 },
    });
    services.push(svc);
    // AR(1) around 0.2 + 0.01·agent: the fitted models revert towards each agent's own mean.
    const r = createRandom('arima-worker');
    const x = new Float64Array(agents);
    const level = (a: number) => 0.2 + 0.01 * a;
    for (let t = 0; t < 240; t++)
      for (let a = 0; a < agents; a++) {
        x[a] = 0.8 * x[a]! + 0.02 * r.normal();
        svc.observe(a, level(a) + x[a]!);
      }
    const first = await svc.refresh();
    expect(first.refreshed).toBe(agents);
    expect(first.modelled).toBe(0); // naive fallback: nothing is fitted on the refresh path
    let stats = first;
    for (let i = 0; i < 200 && stats.modelled < agents; i++) {
      await new Promise((res) => setTimeout(res, 20));
      stats = await svc.refresh();
    }
    expect(stats.modelled).toBe(agents);
    // A jump far above the mean: the re-conditioned AR(1) forecast decays back towards the mean.
    for (let a = 0; a < agents; a++) svc.observe(a, level(a) + 0.3);
    await svc.refresh();
    for (const a of [0, agents - 1]) {
      const one = svc.predicted(a, 1);
      const ten = svc.predicted(a, 10);
      expect(one).toBeGreaterThan(level(a) + 0.1);
      expect(ten).toBeLessThan(one);
      expect(ten).toBeGreaterThan(level(a) - 0.05);
    }
  });

  it('ARIMA: reselects a model once the window it was selected on has turned over', async () => {
    const agents = 6;
    const capacity = 120;
    const svc = await ForecastService.start({
      agentCount: agents,
      model: 'arima',
      horizonSteps: 10,
      capacity,
      refitEverySteps: 30,
      arima: {
        candidates: [
          { p: 1, d: 0, q: 0 },
          { p: 0, d: 1, q: 0 },
        ],
        aggregations: [1],
        period: -1,
      },
    });
    services.push(svc);
    const r = createRandom('arima-reselect');
    const settle = async (want: (s: { modelled: number; selections: number }) => boolean) => {
      let stats = await svc.refresh();
      for (let i = 0; i < 300 && !want(stats); i++) {
        await new Promise((res) => setTimeout(res, 20));
        stats = await svc.refresh();
      }
      return stats;
    };
    // Regime 1: noise around 0.5 (mean-reverting). One selection per agent.
    for (let t = 0; t < capacity; t++)
      for (let a = 0; a < agents; a++) svc.observe(a, 0.5 + 0.01 * r.normal());
    let stats = await settle((s) => s.modelled === agents);
    expect(stats.selections).toBe(agents);
    // Half a window more: coefficients are refitted, the selection is kept.
    for (let t = 0; t < capacity / 2; t++)
      for (let a = 0; a < agents; a++) svc.observe(a, 0.5 + 0.01 * r.normal());
    await new Promise((res) => setTimeout(res, 200));
    stats = await svc.refresh();
    expect(stats.selections).toBe(agents);
    // Regime 2: a steady climb. Once a whole window has arrived since the selection, every agent's model
    // is selected again, on the new data only.
    let level = 0.5;
    for (let t = 0; t < capacity; t++) {
      level += 0.005;
      for (let a = 0; a < agents; a++) svc.observe(a, level + 0.001 * r.normal());
    }
    stats = await settle((s) => s.selections >= 2 * agents);
    expect(stats.selections).toBe(2 * agents);
    // Forecasts keep coming from the agents' (new) models.
    stats = await svc.refresh();
    expect(stats.modelled).toBe(agents);
    for (let a = 0; a < agents; a++) expect(Math.abs(svc.predicted(a, 1) - level)).toBeLessThan(0.05);
  });

  it('fails to start an LSTM service without a saved model', async () => {
    await expect(ForecastService.start({ agentCount: 1, model: 'lstm' })).rejects.toThrow(/lstmModelDir/);
  });
});
