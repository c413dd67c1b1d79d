import { afterAll, describe, expect, it } from 'vitest';
import { ForecastService } from '../../../engine/adapters/forecast/worker-service.js';

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

  it('fails to start an LSTM service without a saved model', async () => {
    await expect(ForecastService.start({ agentCount: 1, model: 'lstm' })).rejects.toThrow(/lstmModelDir/);
  });
});
