/** Scenario file shape (see scenarios/scenario.schema.json, which is the normative description). */
import type { BalanceConfig } from '../../engine/balance/balance-config.js';
import type { FaultConfig } from '../../engine/faults/fault-config.js';
import type { CadenceConfig } from '../../engine/schedule/cadence.js';
import type { PreemptionConfig } from '../../engine/schedule/preemption-config.js';
import type { BackgroundLoadSpec } from '../background-load.js';

export type Distribution =
  | number
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number };

export interface AgentTypeSpec {
  name: string;
  share: number;
  slots: number;
  speed: Distribution;
  memoryMb?: number;
  capabilities?: string[];
  power?: { idleW: number; maxW: number };
}

export interface LinkSpec {
  bandwidthMBps: number;
  latencyMs: number;
}

export interface TaskTypeSpec {
  name: string;
  share: number;
  requires?: string[];
  cpuDemand?: number;
  memoryMb?: number;
  workScale?: number;
  priority?: number;
}

interface GeneratorCommon {
  count: number;
  ccr?: number;
  heterogeneity?: number;
  meanWorkMs?: number;
}

export type DagSource =
  | (GeneratorCommon & { generator: 'layered'; tasks: number; shape?: number; outDegree?: number })
  | (GeneratorCommon & { generator: 'fork-join'; width: number; stages?: number })
  | (GeneratorCommon & { generator: 'chain'; length: number })
  | { import: string; count?: number; workScale?: number };

export type ArrivalSpec =
  | { process: 'batch'; atMs?: number }
  | { process: 'poisson'; ratePerSec: number }
  | { process: 'uniform'; intervalMs: number };

export type FaultKind =
  | 'crash'
  | 'slowdown'
  | 'straggler'
  | 'partition'
  | 'message-loss'
  | 'message-delay'
  | 'flapping'
  | 'cluster-outage';

export interface FaultSpec {
  kind: FaultKind;
  /** crash, slowdown, flapping: fraction of agents hit; straggler: fraction of task runs slowed. */
  share?: number;
  /** partition, cluster-outage: how many clusters (default 1). */
  clusters?: number;
  atMs?: number;
  window?: { fromMs: number; toMs: number };
  /** crash, cluster-outage: the agents restart empty after this long. */
  recoverAfterMs?: number;
  /** slowdown, straggler: runtimes are multiplied by this. */
  factor?: number;
  /** slowdown, partition, message-loss, message-delay, straggler: how long it lasts (forever when absent). */
  durationMs?: number;
  /** message-loss: probability that a message is lost. */
  rate?: number;
  /** message-delay: messages from agents are delayed by up to this (order per agent kept). */
  maxDelayMs?: number;
  /** flapping: time up between crashes, time down, and how many crashes. */
  upMs?: number;
  downMs?: number;
  cycles?: number;
}

/** How simulated forecasts of background load are made (see sim/sim-forecasts.ts). */
export type SimForecastModel = 'none' | 'naive' | 'seasonal-naive' | 'ma' | 'oracle';

/** Background load of simulated agents: a pattern and/or a trace (summed), see sim/background-settings.ts. */
export interface BackgroundLoadSection {
  pattern?: BackgroundLoadSpec;
  /** Alibaba v2018 machine_usage CSV replay; `file` is relative to the scenario. */
  trace?: { file: string; speedup?: number; scale?: number; maxMachines?: number; offsetJitterMs?: number };
  /** k in runtime × (1 + k · background CPU) (default 1). */
  slowdown?: number;
  forecast?: {
    model?: SimForecastModel;
    intervalMs?: number;
    horizonMs?: number;
    historyPoints?: number;
    period?: number;
    window?: number;
  };
}

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  fleet: { agents: number; clusters?: number; types: AgentTypeSpec[] };
  network?: { intraCluster?: LinkSpec; interCluster?: LinkSpec };
  workload: { dags: DagSource[]; taskTypes?: TaskTypeSpec[]; arrival?: ArrivalSpec };
  faults?: FaultSpec[];
  backgroundLoad?: BackgroundLoadSection;
  engine?: {
    strategy?: string;
    weights?: Record<string, number>;
    modules?: string[];
    scheduling?: Partial<CadenceConfig>;
    preemption?: Partial<PreemptionConfig>;
    heartbeatIntervalMs?: number;
    heartbeatTimeoutMs?: number;
    maxAttempts?: number;
    /** Extra slots of work per agent the engine may queue on it (agent-side queue). */
    queueDepthSlots?: number;
    /** Fault detection and recovery settings (see engine/faults/fault-config.ts). */
    faults?: Partial<FaultConfig>;
    /** Fault response rules file (YAML), relative to the scenario; default: engine/faults/rules/default-rules.yaml. */
    faultRulesFile?: string;
    /** Balancing settings (see engine/balance/balance-config.ts). */
    balance?: Partial<BalanceConfig>;
  };
  sim?: {
    runtimeNoise?: number;
    timeLimitMs?: number;
    sampleIntervalMs?: number;
    checkInvariants?: 'off' | 'cheap' | 'full';
  };
}

/** A loaded scenario plus where it came from (imports resolve relative to `baseDir`). */
export interface LoadedScenario {
  scenario: Scenario;
  baseDir: string;
  sourcePath: string | null;
}
