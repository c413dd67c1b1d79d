import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bottleneckWeights, entropyWeights } from '../../../engine/load/dynamic-weights.js';
import {
  type AgentLoadState,
  combinedScore,
  historicalPerformanceScore,
  loadScore,
  predictedLoadScore,
  taskTypeMatchScore,
} from '../../../engine/load/evaluator.js';
import { PerformanceHistory } from '../../../engine/load/performance-history.js';
import type { AgentSpec, TaskSpec } from '../../../engine/model/types.js';

const agent: AgentSpec = {
  id: 'a1',
  cluster: 'c1',
  type: 'cpu',
  capabilities: ['compute', 'ssd'],
  slots: 4,
  speed: 1,
  memoryMb: 8192,
  powerIdleW: 50,
  powerMaxW: 200,
};
const task: TaskSpec = {
  id: 't1',
  type: 'compute',
  workUnits: 1000,
  cpuDemand: 1,
  memoryMb: 100,
  inputBytes: 0,
  outputBytes: 0,
  priority: 0,
  parents: [],
};
const unit = fc.double({ min: 0, max: 1, noNaN: true });

describe('evaluator scores', () => {
  it('every score is within 0–100 for any metrics and forecast', () => {
    const history = new PerformanceHistory();
    fc.assert(
      fc.property(
        unit,
        unit,
        unit,
        fc.option(unit),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        (cpu, memory, network, pred, ratio) => {
          history.record('a1', 'compute', ratio * 1000, 1000);
          const s: AgentLoadState = {
            agent,
            metrics: { cpu, memory, network },
            predictedCpu: pred ?? undefined,
          };
          for (const v of [
            loadScore(s, task),
            predictedLoadScore(s, task),
            taskTypeMatchScore(s, task),
            historicalPerformanceScore(s, task, history),
            combinedScore(s, task, history, { load: 1, predictedLoad: 1, typeMatch: 1, history: 1 }),
          ]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });

  it('a less loaded agent scores higher on load', () => {
    const lo = loadScore({ agent, metrics: { cpu: 0.1, memory: 0.2, network: 0.1 } }, task);
    const hi = loadScore({ agent, metrics: { cpu: 0.8, memory: 0.2, network: 0.1 } }, task);
    expect(lo).toBeGreaterThan(hi);
  });

  it('predicted load uses the forecast over the current load', () => {
    const s = { agent, metrics: { cpu: 0.1, memory: 0, network: 0 }, predictedCpu: 0.7 };
    expect(predictedLoadScore(s, task)).toBeCloseTo(100 * (1 - 0.95));
  });

  it.each([
    [{ ...task, requires: ['gpu'] }, 0],
    [task, 100],
    [{ ...task, type: 'io' }, 50],
  ])('task-type match for %o is %i', (t, expected) => {
    expect(taskTypeMatchScore({ agent, metrics: { cpu: 0, memory: 0, network: 0 } }, t)).toBe(expected);
  });

  it('historical performance is an EWMA of actual / expected per agent and type', () => {
    const h = new PerformanceHistory(0.5);
    h.record('a1', 'compute', 2000, 1000);
    h.record('a1', 'compute', 1000, 1000);
    expect(h.ratio('a1', 'compute')).toBeCloseTo(1.5);
    expect(h.ratio('a1', 'io')).toBeCloseTo(1.5);
    expect(h.ratio('a2', 'io')).toBe(1);
    const s = { agent, metrics: { cpu: 0, memory: 0, network: 0 } };
    expect(historicalPerformanceScore(s, task, h)).toBeCloseTo(100 / 3);
  });
});

describe('dynamic weights', () => {
  it('bottleneck weights sum to 1 and favour the most utilised resource', () => {
    fc.assert(
      fc.property(unit, unit, unit, (cpu, memory, network) => {
        const w = bottleneckWeights({ cpu, memory, network });
        expect(w.cpu + w.memory + w.network).toBeCloseTo(1);
        const top = Math.max(cpu, memory, network);
        const wTop = top === cpu ? w.cpu : top === memory ? w.memory : w.network;
        expect(wTop).toBeGreaterThanOrEqual(Math.min(w.cpu, w.memory, w.network));
      }),
    );
  });

  it('entropy weights are equal without variation and favour the varying resource', () => {
    const flat = entropyWeights([
      { cpu: 0.5, memory: 0.5, network: 0.5 },
      { cpu: 0.5, memory: 0.5, network: 0.5 },
    ]);
    expect(flat.cpu).toBeCloseTo(1 / 3);
    const w = entropyWeights([
      { cpu: 0.05, memory: 0.5, network: 0.4 },
      { cpu: 0.9, memory: 0.52, network: 0.41 },
      { cpu: 0.4, memory: 0.49, network: 0.4 },
    ]);
    expect(w.cpu).toBeGreaterThan(0.8);
  });
});
