import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LstmForecaster, sharedPeriod } from '../../../engine/adapters/forecast/lstm-forecaster.js';
import { NaiveForecaster } from '../../../engine/load/naive-forecaster.js';
import { seriesHead, seriesOf } from '../../../engine/load/time-series.js';
import { maeFrom, seasonalSeries, whiteNoise } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'agentsched-lstm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A small network and few epochs keep this under ~10 s on a shared 2-core machine.
const small = { lookback: 40, aggregate: 4, outputSteps: 20, units: 12, epochs: 8, maxSamples: 600, seed: 3 };

describe('LSTM shared period', () => {
  it('takes the median period of the series that have one, if at least half do', () => {
    const periodic = [seasonalSeries(600, 40, 1), seasonalSeries(600, 40, 2), seasonalSeries(600, 40, 3)];
    const flat = whiteNoise(600, 4);
    // The first series being aperiodic must not switch the phase features off.
    expect(sharedPeriod([flat, ...periodic], 200)).toBe(40);
    expect(sharedPeriod([flat, whiteNoise(600, 5), periodic[0]!], 200)).toBe(0);
  });
});

describe('LSTM forecaster (tfjs, wasm backend)', () => {
  const s = seasonalSeries(1300, 40, 21);
  const train = seriesHead(s, 1200);
  const lstm = new LstmForecaster(small);

  it('learns the seasonality of a synthetic series and beats naive over half a cycle', async () => {
    await lstm.fit(train);
    const naive = new NaiveForecaster();
    let errL = 0;
    let errN = 0;
    for (let o = 1200; o <= 1270; o += 10) {
      lstm.update(seriesHead(s, o));
      naive.fit(seriesHead(s, o));
      errL += maeFrom(s, o, lstm.forecast(20).point);
      errN += maeFrom(s, o, naive.forecast(20).point);
    }
    expect(errL).toBeLessThan(0.6 * errN);
  });

  it('saves to disk and loads back a model that forecasts the same', async () => {
    await lstm.save(dir);
    const loaded = await LstmForecaster.load(dir);
    lstm.update(train);
    loaded.update(train);
    const a = lstm.forecast(20).point;
    const b = loaded.forecast(20).point;
    for (let k = 0; k < 20; k++) expect(b[k]).toBeCloseTo(a[k]!, 5);
    loaded.dispose();
  });

  it('forecasts many series in one batch, matching single forecasts', () => {
    const heads = [1150, 1175, 1200].map((n) => seriesHead(s, n));
    const batch = lstm.predictBatch(heads, 5);
    lstm.update(heads[1]!);
    expect(batch[1]![4]).toBeCloseTo(lstm.forecast(5).point[4]!, 4);
  });

  it('is scale-free: a series shrunk around its level gets the same forecast, shrunk', () => {
    const head = seriesHead(s, 1200);
    const shrunk = seriesOf(
      head.values.map((v) => 50 + 0.5 * (v - 50)),
      head.stepMs,
      head.startMs,
    );
    lstm.update(head);
    const a = lstm.forecast(20).point;
    lstm.update(shrunk);
    const b = lstm.forecast(20).point;
    for (let k = 0; k < 20; k++) expect(b[k]! - 50).toBeCloseTo(0.5 * (a[k]! - 50), 3);
  });

  it('rejects a horizon beyond its output steps and a folder without a model', async () => {
    expect(() => lstm.forecast(21)).toThrow(/exceeds the model's 20 output steps/);
    await expect(LstmForecaster.load(join(dir, 'missing'))).rejects.toThrow(/forecaster.json/);
  });
});
