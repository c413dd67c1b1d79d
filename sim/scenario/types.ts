/** Scenario file shape (see scenarios/scenario.schema.json, which is the normative description). */

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

export interface FaultSpec {
  kind: 'crash' | 'slowdown';
  share: number;
  atMs?: number;
  window?: { fromMs: number; toMs: number };
  recoverAfterMs?: number;
  factor?: number;
  durationMs?: number;
}

export interface Scenario {
  name: string;
  description?: string;
  seed?: number;
  fleet: { agents: number; clusters?: number; types: AgentTypeSpec[] };
  network?: { intraCluster?: LinkSpec; interCluster?: LinkSpec };
  workload: { dags: DagSource[]; taskTypes?: TaskTypeSpec[]; arrival?: ArrivalSpec };
  faults?: FaultSpec[];
  engine?: {
    strategy?: string;
    weights?: Record<string, number>;
    modules?: string[];
    heartbeatIntervalMs?: number;
    heartbeatTimeoutMs?: number;
    maxAttempts?: number;
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
