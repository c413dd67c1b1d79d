/**
 * Background load wired into the simulator: scenario section, heartbeat CPU, slower runtimes,
 * deterministic forecasts delivered to the engine, trace replay from the shipped fixture.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/model/random.js';
import { createBackgroundLoad } from '../../../sim/background-load.js';
import { runScenario } from '../../../sim/run-scenario.js';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../../../sim/scenario/load.js';
import type { LoadedScenario } from '../../../sim/scenario/types.js';
import { SimBackground } from '../../../sim/sim-background.js';
import { DEFAULT_SIM_FORECAST } from '../../../sim/sim-forecasts.js';

const root = join(import.meta.dirname, '..', '..', '..');

const base = `name: bg
seed: 3
fleet:
  agents: 12
  clusters: 2
  types:
    - { name: a, share: 1, slots: 2, speed: 1 }
workload:
  dags:
    - { generator: layered, count: 4, tasks: 12, meanWorkMs: 4000 }
  arrival: { process: poisson, ratePerSec: 0.2 }
engine:
  strategy: weighted
  weights: { eft: 6, predicted-load: 4 }
`;

const diurnal = `backgroundLoad:
  pattern: { kind: diurnal, mean: 0.4, amplitude: 0.35, periodMs: 60000, phaseJitterMs: 60000 }
  slowdown: 2
  forecast: { model: seasonal-naive, intervalMs: 2000, horizonMs: 10000, historyPoints: 120 }
`;

function loaded(text: string): LoadedScenario {
  return { scenario: parseScenarioText(text, 'bg.yaml'), baseDir: root, sourcePath: null };
}

function errorOf(text: string): string {
  try {
    parseScenarioText(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('background load in simulation', () => {
  it('the scenario section needs a pattern or a trace, and names a bad pattern kind', () => {
    expect(errorOf(`${base}backgroundLoad: { slowdown: 1 }\n`)).toMatch(/backgroundLoad needs a pattern/);
    expect(errorOf(`${base}backgroundLoad: { pattern: { kind: wave, mean: 1 } }\n`)).toMatch(
      /backgroundLoad\.pattern .*expected a load pattern/,
    );
    expect(
      errorOf(
        `${base}backgroundLoad: { pattern: { kind: constant, level: 0.2 }, forecast: { model: lstm } }\n`,
      ),
    ).toMatch(/backgroundLoad\.forecast\.model/);
  });

  it('a missing trace file is an error naming the field', () => {
    const l = loaded(`${base}backgroundLoad: { trace: { file: no/such.csv } }\n`);
    expect(() => runScenario(l)).toThrow(/backgroundLoad\.trace\.file is 'no\/such\.csv'/);
  });

  it('constant load k·level slows runtimes by (1 + k·level); no load, no change', () => {
    const load = createBackgroundLoad({ kind: 'constant', level: 0.5 }, createRandom(1), 2);
    const bg = new SimBackground(load, ['a', 'b'], 2, { ...DEFAULT_SIM_FORECAST, model: 'none' });
    expect(bg.runtimeMs(0, 1000, 10_000)).toBe(20_000);
    expect(bg.cpuAt(1, 5)).toBe(0.5);
    const idle = new SimBackground(load, ['a'], 0, { ...DEFAULT_SIM_FORECAST, model: 'none' });
    expect(idle.runtimeMs(0, 0, 777)).toBe(777);
  });

  it('load that rises mid-task slows the rest of the task', () => {
    const load = { cpuAt: (_a: number, t: number) => (t < 5_000 ? 0 : 1) };
    const bg = new SimBackground(load, ['a'], 1, { ...DEFAULT_SIM_FORECAST, model: 'none' });
    // 5 s at full speed, the remaining 5 s of work at half speed: 15 s.
    expect(bg.runtimeMs(0, 0, 10_000)).toBeCloseTo(15_000, -2);
  });

  it('same seed, same digest; the background load changes the run', () => {
    const a = runScenario(loaded(base + diurnal)).result;
    const b = runScenario(loaded(base + diurnal)).result;
    const none = runScenario(loaded(base)).result;
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(none.digest);
    expect(a.tasks.completed).toBe(a.tasks.submitted);
    expect(a.background!.meanStretch).toBeGreaterThan(1.2);
    expect(none.background).toBeUndefined();
  });

  it('forecasts reach the engine and seasonal naive beats the current load on a periodic pattern', () => {
    const out = runScenario(loaded(base + diurnal));
    const f = out.result.background!;
    expect(f.ticks).toBeGreaterThan(10);
    expect(f.forecastMae).toBeLessThan(0.5 * f.naiveMae);
    expect(out.summary.digest).toBe(out.result.digest);
  });

  it('oracle forecasts have no error; model none sends no forecasts', () => {
    const oracle = runScenario(loaded(base + diurnal.replace('seasonal-naive', 'oracle'))).result;
    expect(oracle.background!.forecastMae).toBe(0);
    const none = runScenario(loaded(base + diurnal.replace('seasonal-naive', 'none'))).result;
    expect(none.background!.ticks).toBe(0);
  });

  it('replays the shipped Alibaba trace fixture (no ../shared/data needed)', () => {
    const l = loadScenarioFile(join(root, 'scenarios', 'small', 'background-trace.yaml'));
    l.scenario.workload.dags = [{ generator: 'layered', count: 3, tasks: 10, meanWorkMs: 5000 }];
    const r = runScenario(l).result;
    expect(r.tasks.completed).toBe(r.tasks.submitted);
    expect(r.background!.meanBackground).toBeGreaterThan(0.1);
    expect(r.background!.meanBackground).toBeLessThan(0.9);
  });
});
