/**
 * Executes one sweep run (in a worker thread or in-process) and turns its result into a results-file
 * record. The base scenario is parsed once per file and thread.
 */
import { importWorkflows } from '../../engine/cli/workflow-import.js';
import { type RunResult, runScenario } from '../run-scenario.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { LoadedScenario, Scenario } from '../scenario/types.js';
import { applyOverrides } from './dot-path.js';
import type { RunMetrics, SweepRecord, SweepRun } from './types.js';

const loaded = new Map<string, LoadedScenario>();

/** Runs `run` of sweep `sweepName` and returns its record (throws on a bug or an invalid scenario). */
export function executeRun(run: SweepRun, sweepName: string): SweepRecord {
  const out = runScenario(scenarioFor(run), {
    seed: run.seed,
    strategy: run.strategy,
    importWorkflows,
  });
  return toRecord(run, sweepName, out.result);
}

/** The base scenario with the run's overrides applied. */
export function scenarioFor(run: SweepRun): LoadedScenario {
  let base = loaded.get(run.scenarioPath);
  if (!base) {
    base = loadScenarioFile(run.scenarioPath);
    loaded.set(run.scenarioPath, base);
  }
  const scenario = applyOverrides(base.scenario, run.overrides, run.label) as Scenario;
  return { ...base, scenario };
}

/** A results-file record for a finished run. */
export function toRecord(run: SweepRun, sweepName: string, result: RunResult): SweepRecord {
  return {
    kind: 'agentsched-run',
    sweep: sweepName,
    index: run.index,
    key: run.key,
    configKey: run.configKey,
    label: run.label,
    scenario: result.scenario,
    scenarioPath: run.scenarioPath,
    strategy: run.strategy,
    seed: run.seed,
    overrides: run.overrides,
    metrics: metricsOf(result),
    digest: result.digest,
    result,
  };
}

/** Flat headline metrics of a result document (missing fields read as 0, for older documents). */
export function metricsOf(r: RunResult): RunMetrics {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    makespanMs: n(r.makespanMs),
    energyJ: n(r.energyJ),
    utilizationCv: n(r.balance?.utilizationCv),
    utilizationMean: n(r.balance?.utilizationMean),
    tasksLost: n(r.tasks?.lost),
    tasksFailed: n(r.tasks?.failed),
    tasksRetried: n(r.tasks?.retried),
    decisionLatencyUsP50: n(r.decisions?.latencyUs?.p50),
    decisionLatencyUsP99: n(r.decisions?.latencyUs?.p99),
    detectionDelayMsP99: n(r.faults?.detectionDelayMs?.p99),
    falseSuspicions: n(r.faults?.falseSuspicions),
    eventsPerSec: n(r.sim?.eventsPerSec),
    wallMs: n(r.sim?.wallMs),
  };
}
