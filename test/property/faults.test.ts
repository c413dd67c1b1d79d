/**
 * Properties of simulated runs over random small scenarios AND random fault schedules: crashes with and
 * without recovery, slowdowns, stragglers, partitions, message loss and delay, flapping agents, cluster
 * outages; with and without agent-side queues and balancing. Invariants are checked after every stimulus.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/run-scenario.js';
import { validateScenarioObject } from '../../sim/scenario/load.js';
import type { FaultSpec, Scenario } from '../../sim/scenario/types.js';
import { ExecState, type SimTrace } from '../../sim/simulator.js';
import {
  arrival,
  expectEveryTaskAccountedFor,
  smallFleet,
  smallTaskTypes,
} from '../helpers/prop-scenario.js';

const window = fc.constant({ fromMs: 0, toMs: 20_000 });
const fault: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('crash' as const),
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
    window,
    recoverAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('slowdown' as const),
    share: fc.double({ min: 0, max: 0.5, noNaN: true }),
    atMs: fc.integer({ min: 0, max: 20_000 }),
    factor: fc.double({ min: 1, max: 5, noNaN: true }),
    durationMs: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({
    kind: fc.constant('straggler' as const),
    share: fc.double({ min: 0, max: 0.3, noNaN: true }),
    factor: fc.double({ min: 1, max: 8, noNaN: true }),
    window: fc.constant({ fromMs: 0, toMs: 60_000 }),
  }),
  fc.record({
    kind: fc.constant('partition' as const),
    clusters: fc.constant(1),
    atMs: fc.integer({ min: 0, max: 20_000 }),
    durationMs: fc.integer({ min: 100, max: 20_000 }),
  }),
  fc.record({
    kind: fc.constant('message-loss' as const),
    rate: fc.double({ min: 0, max: 0.2, noNaN: true }),
    atMs: fc.integer({ min: 0, max: 5_000 }),
    durationMs: fc.option(fc.integer({ min: 1, max: 30_000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('message-delay' as const),
    maxDelayMs: fc.integer({ min: 0, max: 800 }),
    atMs: fc.integer({ min: 0, max: 5_000 }),
    durationMs: fc.integer({ min: 1, max: 30_000 }),
  }),
  fc.record({
    kind: fc.constant('flapping' as const),
    share: fc.double({ min: 0, max: 0.3, noNaN: true }),
    atMs: fc.integer({ min: 0, max: 10_000 }),
    upMs: fc.integer({ min: 500, max: 5_000 }),
    downMs: fc.integer({ min: 0, max: 3_000 }),
    cycles: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('cluster-outage' as const),
    clusters: fc.constant(1),
    window,
    recoverAfterMs: fc.option(fc.integer({ min: 0, max: 15_000 }), { nil: undefined }),
  }),
);

const dagSource = fc.oneof(
  fc.record({
    generator: fc.constant('layered' as const),
    count: fc.integer({ min: 1, max: 3 }),
    tasks: fc.integer({ min: 1, max: 25 }),
    ccr: fc.double({ min: 0, max: 2, noNaN: true }),
    meanWorkMs: fc.integer({ min: 10, max: 5000 }),
  }),
  fc.record({
    generator: fc.constant('fork-join' as const),
    count: fc.integer({ min: 1, max: 2 }),
    width: fc.integer({ min: 1, max: 10 }),
    stages: fc.integer({ min: 1, max: 3 }),
    meanWorkMs: fc.integer({ min: 10, max: 5000 }),
  }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  name: fc.constant('prop-faults'),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  fleet: smallFleet,
  workload: fc.record({
    dags: fc.array(dagSource, { minLength: 1, maxLength: 3 }),
    taskTypes: smallTaskTypes,
    arrival,
  }),
  faults: fc.array(fault, { maxLength: 4 }),
  engine: fc.record({
    strategy: fc.constantFrom('eft', 'random', 'least-loaded'),
    heartbeatIntervalMs: fc.constant(500),
    heartbeatTimeoutMs: fc.constant(1600),
    maxAttempts: fc.integer({ min: 1, max: 6 }),
    queueDepthSlots: fc.integer({ min: 0, max: 4 }),
    faults: fc.record({
      stragglerFactor: fc.double({ min: 1.2, max: 3, noNaN: true }),
      stragglerMinExtraMs: fc.constant(200),
    }),
    balance: fc.record({
      enabled: fc.boolean(),
      negotiated: fc.boolean(),
      migrateRunning: fc.boolean(),
      intervalMs: fc.constantFrom(250, 1000),
      migrationsPerPassMax: fc.integer({ min: 1, max: 5 }),
    }),
  }),
  sim: fc.constant({ runtimeNoise: 0.2, checkInvariants: 'full' as const, timeLimitMs: 3_600_000 }),
});

function run(s: Scenario) {
  validateScenarioObject(s, 'generated');
  return runScenario({ scenario: s, baseDir: '.', sourcePath: null }, {});
}

/** Per agent, the time intervals in which the engine believed it dead or had isolated it. */
function blockedIntervals(trace: SimTrace): Map<number, [number, number][]> {
  const out = new Map<number, [number, number][]>();
  const open = new Map<string, number>();
  const add = (a: number, from: number, to: number) => {
    if (!out.has(a)) out.set(a, []);
    out.get(a)!.push([from, to]);
  };
  for (const f of [...trace.faults].sort((x, y) => x.atMs - y.atMs)) {
    const key = (k: string) => `${k}:${f.agent}`;
    if (f.kind === 'declared-dead') open.set(key('dead'), f.atMs);
    if ((f.kind === 'readmitted' || f.kind === 'recover') && open.has(key('dead'))) {
      add(f.agent, open.get(key('dead'))!, f.atMs);
      open.delete(key('dead'));
    }
    if (f.kind === 'isolated') open.set(key('iso'), f.atMs);
    if (f.kind === 'isolation-end' && open.has(key('iso'))) {
      add(f.agent, open.get(key('iso'))!, f.atMs);
      open.delete(key('iso'));
    }
  }
  for (const [k, from] of open) add(Number(k.split(':')[1]), from, Number.POSITIVE_INFINITY);
  return out;
}

const params = { numRuns: 40, seed: Number(process.env.FC_SEED ?? 20261128), verbose: 1 } as const;

describe('simulation properties under random fault schedules', () => {
  it('every task completes exactly once or is reported failed after its retry budget (never lost, never twice)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expectEveryTaskAccountedFor(run(s).result.tasks);
      }),
      params,
    );
  });

  it('DAG order holds across retries, speculative copies and migrations', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { trace } = run(s);
        const index = new Map(trace.taskIds.map((id, i) => [id, i]));
        const tasks = trace.dags.flatMap((d) => d.tasks);
        const firstDone = new Map<number, number>();
        trace.exec.task.forEach((t, e) => {
          if (trace.exec.state[e] !== ExecState.Done) return;
          firstDone.set(t, Math.min(firstDone.get(t) ?? Number.POSITIVE_INFINITY, trace.exec.endMs[e]!));
        });
        trace.exec.task.forEach((t, e) => {
          const start = trace.exec.startMs[e]!;
          if (start < 0) return;
          for (const p of tasks[t]!.parents) {
            const done = firstDone.get(index.get(p)!);
            expect(done, `parent ${p} of ${tasks[t]!.id} never finished`).toBeDefined();
            expect(start).toBeGreaterThanOrEqual(done!);
          }
        });
      }),
      params,
    );
  });

  it('no assignment to an agent the engine believes dead or isolated, and no slot over-commit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { trace, summary } = run(s);
        expect(summary.capacityViolations).toBe(0);
        const blocked = blockedIntervals(trace);
        trace.exec.task.forEach((_t, e) => {
          const a = trace.exec.agent[e]!;
          const at = trace.exec.assignMs[e]!;
          for (const [from, to] of blocked.get(a) ?? []) {
            // Strictly inside: an assignment in the same millisecond may precede the declaration.
            expect(
              at > from && at < to,
              `exec ${e} assigned to agent ${a} at ${at} in (${from}, ${to})`,
            ).toBe(false);
          }
        });
      }),
      params,
    );
  });

  it('migrations never exceed the per-pass limit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { result } = run(s);
        expect(result.migrations!.perPassMax).toBeLessThanOrEqual(result.migrations!.perPassLimit);
      }),
      { ...params, numRuns: 25 },
    );
  });

  it('the same seed gives the same digest under faults', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(run(s).result.digest).toBe(run(s).result.digest);
      }),
      { ...params, numRuns: 15 },
    );
  });
});
