/**
 * Properties of whole simulated runs over random small scenarios and random fault schedules.
 * Every run checks the engine's invariants after every stimulus (checkInvariants: 'full').
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run-scenario.js';
import { validateScenarioObject } from '../../sim/scenario/load.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { ExecState, type SimTrace } from '../../sim/simulator.js';
import {
  arrival,
  expectEveryTaskAccountedFor,
  smallFleet,
  smallTaskTypes,
} from '../helpers/prop-scenario.js';

const dagSource = fc.oneof(
  fc.record({
    generator: fc.constant('layered' as const),
    count: fc.integer({ min: 1, max: 3 }),
    tasks: fc.integer({ min: 1, max: 25 }),
    shape: fc.double({ min: 0.3, max: 2, noNaN: true }),
    outDegree: fc.integer({ min: 1, max: 4 }),
    ccr: fc.double({ min: 0, max: 3, noNaN: true }),
    heterogeneity: fc.double({ min: 0, max: 1.5, noNaN: true }),
    meanWorkMs: fc.integer({ min: 10, max: 5000 }),
  }),
  fc.record({
    generator: fc.constant('fork-join' as const),
    count: fc.integer({ min: 1, max: 2 }),
    width: fc.integer({ min: 1, max: 8 }),
    stages: fc.integer({ min: 1, max: 3 }),
    meanWorkMs: fc.integer({ min: 10, max: 5000 }),
  }),
  fc.record({
    generator: fc.constant('chain' as const),
    count: fc.integer({ min: 1, max: 2 }),
    length: fc.integer({ min: 1, max: 10 }),
    meanWorkMs: fc.integer({ min: 10, max: 5000 }),
  }),
);

const fault = fc.oneof(
  fc.record({
    kind: fc.constant('crash' as const),
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
    window: fc.constant({ fromMs: 0, toMs: 20_000 }),
    recoverAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('slowdown' as const),
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
    atMs: fc.integer({ min: 0, max: 20_000 }),
    factor: fc.double({ min: 1, max: 5, noNaN: true }),
    durationMs: fc.integer({ min: 1, max: 20_000 }),
  }),
);

/** Background load: a diurnal or bursty pattern, slowing tasks, with simulated forecasts. */
const backgroundLoad = fc.record({
  pattern: fc.oneof(
    fc.record({
      kind: fc.constant('diurnal' as const),
      mean: fc.double({ min: 0, max: 0.6, noNaN: true }),
      amplitude: fc.double({ min: 0, max: 0.4, noNaN: true }),
      periodMs: fc.integer({ min: 5_000, max: 120_000 }),
      phaseJitterMs: fc.integer({ min: 0, max: 120_000 }),
      noise: fc.double({ min: 0, max: 0.1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('bursts' as const),
      base: fc.double({ min: 0, max: 0.3, noNaN: true }),
      burstLevel: fc.double({ min: 0, max: 0.7, noNaN: true }),
      ratePerHour: fc.integer({ min: 0, max: 120 }),
      meanDurationMs: fc.integer({ min: 1_000, max: 60_000 }),
    }),
  ),
  slowdown: fc.double({ min: 0, max: 3, noNaN: true }),
  forecast: fc.record({
    model: fc.constantFrom('none' as const, 'naive' as const, 'seasonal-naive' as const, 'ma' as const),
    intervalMs: fc.integer({ min: 1_000, max: 10_000 }),
    historyPoints: fc.integer({ min: 2, max: 60 }),
  }),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  name: fc.constant('prop'),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  fleet: smallFleet,
  workload: fc.record({
    dags: fc.array(dagSource, { minLength: 1, maxLength: 3 }),
    taskTypes: smallTaskTypes,
    arrival,
  }),
  faults: fc.array(fault, { maxLength: 3 }),
  backgroundLoad: fc.option(backgroundLoad, { nil: undefined }),
  engine: fc.record({
    strategy: fc.constantFrom('eft', 'random', 'round-robin', 'least-loaded'),
    heartbeatIntervalMs: fc.constant(500),
    heartbeatTimeoutMs: fc.constant(1600),
    maxAttempts: fc.integer({ min: 1, max: 5 }),
  }),
  sim: fc.constant({ runtimeNoise: 0.2, checkInvariants: 'full' as const, timeLimitMs: 3_600_000 }),
});

function run(s: Scenario, seed?: number) {
  validateScenarioObject(s, 'generated');
  return runScenario({ scenario: s, baseDir: '.', sourcePath: null }, { seed });
}

function transferMs(trace: SimTrace, from: number, to: number, bytes: number): number {
  if (from === to || bytes <= 0) return 0;
  const net = trace.network;
  return trace.agents[from]!.cluster === trace.agents[to]!.cluster
    ? bytes / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs
    : bytes / net.interClusterBandwidthBytesPerMs + net.interClusterLatencyMs;
}

const params = { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261127), verbose: 1 } as const;

describe('simulation properties', () => {
  it('every submitted task completes exactly once or is reported failed (never lost)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expectEveryTaskAccountedFor(run(s).result.tasks);
      }),
      params,
    );
  });

  it('no task starts before all its parents finished plus the transfer of their output', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { trace } = run(s);
        const index = new Map(trace.taskIds.map((id, i) => [id, i]));
        const tasks = trace.dags.flatMap((d) => d.tasks);
        const doneExec = new Map<number, number>();
        trace.exec.task.forEach((t, e) => {
          if (trace.exec.state[e] === ExecState.Done) doneExec.set(t, e);
        });
        trace.exec.task.forEach((t, e) => {
          if (trace.exec.startMs[e]! < 0) return;
          for (const p of tasks[t]!.parents) {
            const pe = doneExec.get(index.get(p)!);
            expect(pe, `parent ${p} of ${tasks[t]!.id} never completed`).toBeDefined();
            const ready =
              trace.exec.endMs[pe!]! +
              transferMs(
                trace,
                trace.exec.agent[pe!]!,
                trace.exec.agent[e]!,
                tasks[index.get(p)!]!.outputBytes,
              );
            expect(trace.exec.startMs[e]!).toBeGreaterThanOrEqual(Math.floor(ready));
          }
        });
      }),
      params,
    );
  });

  it('an agent never runs more work than its slots', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { trace, summary } = run(s);
        expect(summary.capacityViolations).toBe(0);
        const demand = trace.dags.flatMap((d) => d.tasks).map((t) => t.cpuDemand);
        const events: [number, number, number][] = [];
        trace.exec.task.forEach((_t, e) => {
          if (
            trace.exec.state[e] === ExecState.Lost &&
            trace.exec.startMs[e]! < 0 &&
            trace.exec.endMs[e] === trace.exec.assignMs[e]
          )
            return;
          const end = trace.exec.endMs[e]! >= 0 ? trace.exec.endMs[e]! : Number.POSITIVE_INFINITY;
          events.push([trace.exec.assignMs[e]!, 1, e], [end, 0, e]);
        });
        events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        const used = new Array(trace.agents.length).fill(0);
        for (const [, open, e] of events) {
          const a = trace.exec.agent[e]!;
          used[a] += (open ? 1 : -1) * demand[trace.exec.task[e]!]!;
          expect(used[a]).toBeLessThanOrEqual(trace.agents[a]!.slots);
        }
      }),
      params,
    );
  });

  it('the same seed gives the same digest', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(run(s).result.digest).toBe(run(s).result.digest);
      }),
      { ...params, numRuns: 25 },
    );
  });

  it('a different seed gives a different digest', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 1000 }), (s, delta) => {
        expect(run(s, s.seed!).result.digest).not.toBe(run(s, s.seed! + delta).result.digest);
      }),
      { ...params, numRuns: 25 },
    );
  });
});
