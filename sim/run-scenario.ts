/**
 * Runs a scenario in the simulator and builds the result document (the `--json` output).
 * Deterministic given (scenario, seed, strategy): the digest covers the event log; wall-clock figures
 * are reported beside it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EngineConfigInput, EngineState } from '../engine/core/state.js';
import { createRandom } from '../engine/model/random.js';
import type { DagSpec } from '../engine/model/types.js';
import { HierarchicalStrategy } from '../engine/schedule/hierarchy.js';
import { backgroundOf } from './background-settings.js';
import { type FaultFigures, faultFigures, type MigrationFigures, migrationFigures } from './fault-figures.js';
import { faultSettings } from './fault-settings.js';
import { buildFleet, networkOf } from './fleet.js';
import type { LoadedScenario, Scenario } from './scenario/types.js';
import type { SimBackground, SimForecastFigures } from './sim-background.js';
import { type SimSummary, type SimTrace, Simulation } from './simulator.js';
import { coefficientOfVariation, mean, percentileSorted, round } from './stats.js';
import { arrivalTimes, type GenContext, generateDags, meanMsPerByte } from './workload.js';

export interface RunOptions {
  seed?: number | undefined;
  strategy?: string | undefined;
  weights?: Record<string, number> | undefined;
  checkInvariants?: 'off' | 'cheap' | 'full' | undefined;
  /** Drop the scenario's faults (for "same seed without faults" comparisons). */
  withoutFaults?: boolean | undefined;
  /** Also run the same seed without faults and report the makespan ratio. */
  compareWithoutFaults?: boolean | undefined;
  /** Switch balancing off (for "with and without balancing" comparisons). */
  withoutBalance?: boolean | undefined;
  /** Reads workflow files named by `import:` sources. */
  importWorkflows?: ((path: string) => DagSpec[]) | undefined;
}

export interface RunResult {
  scenario: string;
  seed: number;
  strategy: string;
  agents: number;
  clusters: number;
  tasks: {
    submitted: number;
    completed: number;
    failed: number;
    lost: number;
    duplicateCompletions: number;
    retried: number;
  };
  dags: { submitted: number; rejected: number };
  makespanMs: number;
  decisions: {
    count: number;
    latencyUs: { p50: number; p99: number; max: number; mean: number };
    /** Hierarchical strategies: decisions and latency per layer (global, local, realtime). */
    layers?: Record<
      string,
      {
        count: number;
        latencyUs: { p50: number; p99: number; max: number };
        budgetUs?: number;
        overBudgetShare?: number;
      }
    >;
  };
  balance: {
    utilizationCv: number;
    utilizationMean: number;
    timeline: { tMs: number; cv: number; mean: number }[];
  };
  faults: {
    injected: number;
    detected: number;
    falseSuspicions: number;
    detectionDelayMs: { p50: number; p99: number };
    heartbeatIntervalMs: number;
  } & Partial<FaultFigures>;
  /** Task migrations by the balancer (count = confirmed moves). */
  migrations?: MigrationFigures;
  /** Background load (scenario `backgroundLoad`): forecast model and accuracy against the realised load. */
  background?: SimForecastFigures & { slowdown: number };
  /** Makespan of the same seed without faults, and this run's makespan over it (`--compare-without-faults`). */
  withoutFaults?: { makespanMs: number; makespanRatio: number };
  energyJ: number;
  capacityViolations: number;
  sim: {
    events: number;
    wallMs: number;
    eventsPerSec: number;
    setupMs: number;
    stoppedBy: string;
    peakRssMb: number;
  };
  /** Cadence and preemption figures; urgent = priority at or above the preemption threshold. */
  scheduling?: {
    mode: string;
    ticks: number;
    intervalMsMean: number;
    batchMean: number;
    preemptions: number;
    urgentTasks: number;
    urgentWaitMs: { p50: number; p99: number };
  };
  digest: string;
}

export interface RunOutput {
  result: RunResult;
  trace: SimTrace;
  summary: SimSummary;
  /** The engine state at the end of the run (for `story(taskId)` and explanations). */
  engine: EngineState;
}

/** Builds the DAGs of a scenario's workload (generators and imports), ids unique across the run. */
export function buildWorkload(loaded: LoadedScenario, ctx: GenContext, opts: RunOptions): DagSpec[] {
  const dags: DagSpec[] = [];
  loaded.scenario.workload.dags.forEach((src, i) => {
    if ('import' in src) {
      if (!opts.importWorkflows) throw new Error('this build cannot import workflow files');
      const base = opts.importWorkflows(resolve(loaded.baseDir, src.import));
      for (let c = 0; c < (src.count ?? 1); c++) {
        for (const d of base) dags.push(prefixDag(d, `w${i}.${c}.`, src.workScale ?? 1));
      }
    } else {
      dags.push(...generateDags(ctx, src, `g${i}.d`));
    }
  });
  return dags;
}

function prefixDag(d: DagSpec, prefix: string, workScale: number): DagSpec {
  return {
    id: `${prefix}${d.id}`,
    labels: d.labels,
    tasks: d.tasks.map((t) => ({
      ...t,
      id: `${prefix}${t.id}`,
      workUnits: Math.max(1, Math.round(t.workUnits * workScale)),
      parents: t.parents.map((p) => `${prefix}${p}`),
    })),
  };
}

/** Simulates the scenario end to end. */
export function runScenario(loaded: LoadedScenario, opts: RunOptions = {}): RunOutput {
  const t0 = performance.now();
  const s: Scenario = loaded.scenario;
  const seed = opts.seed ?? s.seed ?? 1;
  const random = createRandom(seed);
  const agents = buildFleet(s, random.fork('fleet'));
  const network = networkOf(s);
  const clusters = s.fleet.clusters ?? 1;
  const ctx: GenContext = {
    random: random.fork('workload'),
    taskTypes: s.workload.taskTypes ?? [],
    msPerByte: meanMsPerByte(network, clusters),
  };
  const dags = buildWorkload(loaded, ctx, opts);
  const arrivalsMs = arrivalTimes(s.workload.arrival, dags.length, random.fork('arrivals'));
  const engine: EngineConfigInput = {
    ...faultSettings(loaded, opts.withoutBalance === true),
    strategy: opts.strategy ?? s.engine?.strategy ?? 'eft',
    weights: opts.weights ?? s.engine?.weights ?? {},
    heartbeatIntervalMs: s.engine?.heartbeatIntervalMs ?? 1000,
    heartbeatTimeoutMs: s.engine?.heartbeatTimeoutMs ?? 3500,
    maxAttempts: s.engine?.maxAttempts ?? 4,
    scheduling: s.engine?.scheduling,
    preemption: s.engine?.preemption,
    network,
  };
  const background = backgroundOf(
    loaded,
    agents.map((a) => a.id),
    random.fork('background'),
  );
  const sim = new Simulation({
    name: s.name,
    seed,
    agents,
    dags,
    arrivalsMs,
    network,
    engine,
    faults: opts.withoutFaults ? [] : (s.faults ?? []),
    runtimeNoise: s.sim?.runtimeNoise ?? 0.1,
    timeLimitMs: s.sim?.timeLimitMs ?? 86_400_000,
    sampleIntervalMs: s.sim?.sampleIntervalMs ?? 5000,
    checkInvariants: opts.checkInvariants ?? s.sim?.checkInvariants ?? 'cheap',
    random: random.fork('sim'),
    background,
  });
  const setupMs = performance.now() - t0;
  const summary = sim.run();
  const lat = sim.trace.decisionLatencyUs;
  const delays = [...summary.detectionDelaysMs].sort((a, b) => a - b);
  const result: RunResult = {
    scenario: s.name,
    seed,
    strategy: engine.strategy!,
    agents: agents.length,
    clusters,
    tasks: {
      submitted: summary.submittedTasks,
      completed: summary.completed,
      failed: summary.failed,
      lost: summary.lost,
      duplicateCompletions: summary.duplicateCompletions,
      retried: summary.retried,
    },
    dags: { submitted: dags.length, rejected: summary.rejectedDags },
    makespanMs: summary.makespanMs,
    decisions: {
      count: summary.decisions,
      latencyUs: {
        p50: round(percentileSorted(lat, 0.5)),
        p99: round(percentileSorted(lat, 0.99)),
        max: round(lat.length > 0 ? lat[lat.length - 1]! : 0),
        mean: round(mean(lat)),
      },
      ...layerFigures(sim.trace.layerLatencyUs, layerBudgets(sim.engine)),
    },
    balance: {
      utilizationCv: round(coefficientOfVariation(summary.utilizationPerAgent), 4),
      utilizationMean: round(mean(summary.utilizationPerAgent), 4),
      timeline: sim.trace.timeline.map((p) => ({ tMs: p.tMs, cv: round(p.cv, 4), mean: round(p.mean, 4) })),
    },
    faults: {
      injected: summary.faultsInjected,
      detected: summary.faultsDetected,
      falseSuspicions: summary.falseSuspicions,
      detectionDelayMs: { p50: percentileSorted(delays, 0.5), p99: percentileSorted(delays, 0.99) },
      heartbeatIntervalMs: engine.heartbeatIntervalMs!,
      ...faultFigures(summary, sim.engine),
    },
    migrations: migrationFigures(sim.engine),
    ...backgroundFigures(background),
    energyJ: Math.round(summary.energyJ),
    capacityViolations: summary.capacityViolations,
    sim: {
      events: summary.events,
      wallMs: round(summary.wallMs, 1),
      eventsPerSec: Math.round(summary.events / (summary.wallMs / 1000)),
      setupMs: round(setupMs, 1),
      stoppedBy: summary.stoppedBy,
      peakRssMb: peakRssMb(),
    },
    scheduling: schedulingFigures(sim.engine),
    digest: summary.digest,
  };
  if (opts.compareWithoutFaults) {
    const base = runScenario(loaded, { ...opts, compareWithoutFaults: false, withoutFaults: true }).result;
    result.withoutFaults = {
      makespanMs: base.makespanMs,
      makespanRatio: base.makespanMs > 0 ? round(result.makespanMs / base.makespanMs, 4) : 0,
    };
  }
  return { result, trace: sim.trace, summary, engine: sim.engine };
}

/** The `background` block of a result: forecast accuracy, rounded; nothing when there is no background load. */
function backgroundFigures(bg: SimBackground | null): Pick<RunResult, 'background'> {
  if (!bg) return {};
  const f = bg.figures();
  return {
    background: {
      ...f,
      forecastMae: round(f.forecastMae, 4),
      naiveMae: round(f.naiveMae, 4),
      meanBackground: round(f.meanBackground, 4),
      meanStretch: round(f.meanStretch, 4),
      slowdown: bg.slowdown,
    },
  };
}

function layerBudgets(e: EngineState): Record<string, number> {
  return e.strategy instanceof HierarchicalStrategy ? e.strategy.budgetsUs : {};
}

function layerFigures(
  layers: Record<string, Float64Array>,
  budgets: Record<string, number>,
): Pick<RunResult['decisions'], 'layers'> {
  const names = Object.keys(layers).sort();
  if (names.length === 0) return {};
  const out: NonNullable<RunResult['decisions']['layers']> = {};
  for (const name of names) {
    const xs = layers[name]!;
    out[name] = {
      count: xs.length,
      latencyUs: {
        p50: round(percentileSorted(xs, 0.5)),
        p99: round(percentileSorted(xs, 0.99)),
        max: round(xs.length > 0 ? xs[xs.length - 1]! : 0),
      },
    };
    const budget = budgets[name];
    if (budget !== undefined) {
      let over = 0;
      for (let i = xs.length - 1; i >= 0 && xs[i]! > budget; i--) over++;
      out[name]!.budgetUs = budget;
      out[name]!.overBudgetShare = round(xs.length > 0 ? over / xs.length : 0, 4);
    }
  }
  return { layers: out };
}

/** Cadence, preemption and urgent-task queue-wait figures from the engine state at the end of a run. */
function schedulingFigures(e: EngineState): NonNullable<RunResult['scheduling']> {
  const c = e.cadence;
  const urgent = e.config.preemption.urgentPriority;
  const waits: number[] = [];
  for (let t = 0; t < e.taskSpec.length; t++) {
    if (e.taskSpec[t]!.priority < urgent || e.taskAssignedAtMs[t]! < 0) continue;
    waits.push(e.taskAssignedAtMs[t]! - e.taskReadyAtMs[t]!);
  }
  waits.sort((a, b) => a - b);
  return {
    mode: e.config.scheduling.mode,
    ticks: c.ticks,
    intervalMsMean: round(c.ticks > 0 ? c.intervalMsSum / c.ticks : 0, 1),
    batchMean: round(c.ticks > 0 ? c.batchSum / c.ticks : 0, 1),
    preemptions: e.stats.preemptions,
    urgentTasks: waits.length,
    urgentWaitMs: { p50: percentileSorted(waits, 0.5), p99: percentileSorted(waits, 0.99) },
  };
}

/**
 * This process's peak resident set in MB. On Linux from /proc (`VmHWM`, this program's own peak):
 * `getrusage`'s maxRSS of a process started by another carries the parent's peak at the fork over.
 */
function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux: fall through
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
