/**
 * Shapes shared by the sweep runner, its worker threads, the results file and the report/gate readers.
 * A sweep is a list of runs; each run is one (scenario overrides, strategy, seed) combination.
 */
import type { RunResult } from '../run-scenario.js';

/** One axis value: a list to pick from, or a numeric range (random mode; `step` also allows grid mode). */
export type ParameterDomain = unknown[] | { min: number; max: number; step?: number; integer?: boolean };

/** A validated sweep file (see `parse-sweep.ts` for the accepted YAML). */
export interface SweepSpec {
  name: string;
  /** Absolute path of the base scenario file. */
  scenarioPath: string;
  mode: 'grid' | 'random';
  /** Random mode: how many parameter points to draw, and the seed of the draw. */
  samples: number;
  sampleSeed: number;
  strategies: string[];
  seeds: number[];
  /** Dot path into the scenario (`fleet.agents`, `workload.dags.0.count`) → values. */
  parameters: Record<string, ParameterDomain>;
  /** Named weight sets; each is crossed with every parameter point (engine.weights of the scenario). */
  weightSets: Record<string, number>[];
}

/** One run of a sweep, fully described so a worker thread (or another machine) can execute it. */
export interface SweepRun {
  /** Position in the expansion order (the same on every machine). */
  index: number;
  /** Content key: same scenario file content, overrides, strategy and seed ⇒ same key. */
  key: string;
  /** Key without the seed: runs sharing it are repetitions of one configuration. */
  configKey: string;
  /** Human-readable configuration, e.g. `eft fleet.agents=500`. */
  label: string;
  scenarioPath: string;
  overrides: Record<string, unknown>;
  strategy: string;
  seed: number;
}

/** Headline numbers of a run, flat, used by summaries, charts and the gate. */
export interface RunMetrics {
  makespanMs: number;
  energyJ: number;
  utilizationCv: number;
  utilizationMean: number;
  tasksLost: number;
  tasksFailed: number;
  tasksRetried: number;
  decisionLatencyUsP50: number;
  decisionLatencyUsP99: number;
  detectionDelayMsP99: number;
  falseSuspicions: number;
  eventsPerSec: number;
  wallMs: number;
}

/** One line of a results file (JSON Lines): the run, its metrics and the full result document. */
export interface SweepRecord {
  kind: 'agentsched-run';
  sweep: string;
  index: number;
  key: string;
  configKey: string;
  label: string;
  scenario: string;
  /** The base scenario file on the machine that ran it (reports re-simulate a run from it for traces). */
  scenarioPath: string;
  strategy: string;
  seed: number;
  overrides: Record<string, unknown>;
  metrics: RunMetrics;
  digest: string;
  result: RunResult;
}
