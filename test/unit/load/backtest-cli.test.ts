import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../../engine/cli/commands/predict.js';
import { UserError } from '../../../engine/cli/errors.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const fixtures = join(repoRoot, 'test/fixtures/load');
const sharedData = resolve(repoRoot, '../shared/data');
const tmp = mkdtempSync(join(tmpdir(), 'agentsched-backtest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('predict backtest', () => {
  it('runs on a timestamp,value CSV with no column options and writes the JSON shape', async () => {
    const out = join(tmp, 'r.json');
    const { text } = await backtestCommand({
      csv: join(fixtures, 'seasonal-60.csv'),
      horizon: '5m,10m',
      models: 'naive,seasonal-naive,ma5,auto',
      json: out,
    });
    expect(text).toContain('horizon 5m');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const h = json.series[0].horizons[0];
    expect(h.horizon).toBe('5m');
    for (const m of ['naive', 'seasonal-naive', 'ma5', 'auto']) {
      expect(h.models[m]).toMatchObject({
        mae: expect.any(Number),
        rmse: expect.any(Number),
        smape: expect.any(Number),
      });
    }
    expect(h.models['seasonal-naive'].improvementOverNaivePercent).toBeGreaterThan(30);
  });

  it('resamples irregular ISO timestamps to a grid and names the columns it used', async () => {
    const { result } = await backtestCommand({
      csv: join(fixtures, 'irregular-iso.csv'),
      valueCol: 'cpu',
      step: '1m',
      horizon: '5m',
      models: 'naive,ma5',
    });
    const r = result as { grid: { stepMs: number }; series: { points: number }[] };
    expect(r.grid.stepMs).toBe(60_000);
    expect(r.series[0]!.points).toBeGreaterThan(200);
  });

  it.each([
    [{ valueCol: 'nope' }, /value column 'nope' not found \(columns are time, cpu\)/],
    [{ horizon: 'soon' }, /--horizon 'soon' is not a duration/],
    [{ models: 'naive,crystal-ball' }, /unknown model 'crystal-ball'/],
    [{ timeUnit: 'fortnight' }, /--time-unit is 'fortnight'/],
  ])('rejects bad options with a UserError: %o', async (patch, message) => {
    const run = backtestCommand({
      csv: join(fixtures, 'irregular-iso.csv'),
      valueCol: 'cpu',
      horizon: '5m',
      models: 'naive',
      ...patch,
    });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(message);
  });

  it('names the line of a malformed value', async () => {
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, 'timestamp,value\n0,1\n60,abc\n');
    await expect(backtestCommand({ csv: bad, horizon: '1m', models: 'naive' })).rejects.toThrow(
      /bad.csv line 3: value 'abc'/,
    );
  });

  it('groups an Alibaba-style file without a header into one series per machine', async () => {
    const { result } = await backtestCommand({
      csv: join(fixtures, 'machine-usage-sample.csv'),
      header: false,
      groupCol: '0',
      timeCol: '1',
      valueCol: '2',
      step: '1m',
      horizon: '10m',
      models: 'naive,ma5,arima',
      origins: '20',
    });
    const r = result as {
      series: { series: string; horizons: { models: Record<string, { mae: number }> }[] }[];
    };
    expect(r.series.map((s) => s.series)).toEqual(['m_1', 'm_2']);
    expect(r.series[0]!.horizons[0]!.models.arima!.mae).toBeGreaterThan(0);
  });
});

// The real-trace backtests fit many ARIMA candidates; CI machines are slower and run two files at once.
describe.skipIf(!existsSync(sharedData))(
  'backtest on the real traces in ../shared/data',
  { timeout: 180_000 },
  () => {
    it('v2017 final_input_file: one-step walk-forward reports RMSE and MAPE for naive, ma5 and arima', async () => {
      const { result } = await backtestCommand({
        csv: join(sharedData, 'alibaba/cluster-trace-v2017/final_input_file.csv'),
        timeUnit: 'min',
        horizon: '3m',
        models: 'naive,ma5,arima',
      });
      const h = (
        result as { series: { horizons: { models: Record<string, { rmse: number; mape: number }> }[] }[] }
      ).series[0]!.horizons[0]!;
      for (const m of ['naive', 'ma5', 'arima']) {
        expect(h.models[m]!.rmse).toBeGreaterThan(0);
        expect(h.models[m]!.mape).toBeGreaterThan(0);
      }
    });

    it('v2018 machine_usage (two machines, 1-minute grid): ARIMA beats naive at 10 minutes', async () => {
      const text = readFileSync(join(sharedData, 'alibaba/cluster-trace-v2018/machine_usage.csv'), 'utf8');
      const two = text.split('\n').filter((l) => l.startsWith('m_1937,') || l.startsWith('m_1938,'));
      const csv = join(tmp, 'two-machines.csv');
      writeFileSync(csv, two.join('\n'));
      const { result } = await backtestCommand({
        csv,
        header: false,
        groupCol: '0',
        timeCol: '1',
        valueCol: '2',
        step: '1m',
        horizon: '10m',
        models: 'naive,arima',
        origins: '25',
        // Origins over the last 10% (under a day): one full ARIMA order selection per machine instead of
        // three (daily refits), so the test costs ~20 s rather than ~50 s on this 2-core machine.
        trainFraction: '0.9',
      });
      const series = (result as { series: { horizons: { models: Record<string, { mae: number }> }[] }[] })
        .series;
      const mean = (m: string) =>
        series.reduce((s, x) => s + x.horizons[0]!.models[m]!.mae, 0) / series.length;
      expect(mean('arima')).toBeLessThan(mean('naive'));
    });
  },
);
