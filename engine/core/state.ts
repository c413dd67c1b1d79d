/**
 * The engine's whole state, laid out as struct-of-arrays indexed by dense task and agent numbers so the
 * decision loop allocates nothing and touches few cache lines. Mutated in place by `handleStimulus`;
 * everything in here is plain data, so it can be snapshotted and persisted.
 */

import { type BalanceConfig, DEFAULT_BALANCE_CONFIG } from '../balance/balance-config.js';
import { type BalanceState, createBalanceState } from '../balance/balance-state.js';
import { DEFAULT_FAULT_CONFIG, type FaultConfig } from '../faults/fault-config.js';
import { DEFAULT_FAULT_RULES, type FaultRule } from '../faults/fault-rules.js';
import { createFaultState, type FaultState } from '../faults/fault-state.js';
import type { Random } from '../model/random.js';
import type { AgentSpec, NetworkModel, TaskSpec } from '../model/types.js';
import {
  type CadenceConfig,
  type CadenceState,
  createCadenceState,
  DEFAULT_CADENCE,
} from '../schedule/cadence.js';
import { DEFAULT_PREEMPTION, type PreemptionConfig } from '../schedule/preemption-config.js';
import type { PlacementStrategy } from '../schedule/strategy.js';
import { IdIndex } from './id-index.js';
import type { ReadyHeap } from './ready-heap.js';
import type { SpeedHeap } from './speed-heap.js';
import type { Command } from './stimuli.js';
import { StoryLog } from './story-log.js';
import { TASK_STATE_COUNT } from './transitions.js';
import { DOUBLE_ZERO, doubleArray, objectArray } from './typed-arrays.js';

export const AgentStatus = { Alive: 0, Dead: 1, Left: 2 } as const;

export interface EngineConfig {
  /** Placement strategy name (see engine/schedule/registry.ts). */
  strategy: string;
  /** Strategy weights by objective name, when the strategy takes any. */
  weights: Record<string, number>;
  heartbeatIntervalMs: number;
  /** An agent silent for longer than this is declared dead and its tasks are re-placed. */
  heartbeatTimeoutMs: number;
  /** Assignments a task may get (first try included) before it is reported failed. */
  maxAttempts: number;
  /** The network the engine plans with. */
  network: NetworkModel;
  /** EWMA factor for an agent's actual/expected runtime ratio. */
  historyAlpha: number;
  /** A ready task that no alive agent could run fails after waiting this long (agents may (re)join meanwhile). */
  unschedulableGraceMs: number;
  /** Keep per-task transition history for `story(taskId)` (on by default; costs memory). */
  keepStory: boolean;
  /** Extra slots of work the engine may reserve per agent beyond its slots (the agent-side queue). */
  queueDepthSlots: number;
  /** Slots of trial work an agent on probation may hold at once (at least one task of any size). */
  probationSlots: number;
  /** Fault detection and recovery settings (engine/faults). */
  faults: FaultConfig;
  /** Automated responses to classified faults (data; YAML parsed by the driver). */
  faultRules: readonly FaultRule[];
  /** Load balancing and migration settings (engine/balance). */
  balance: BalanceConfig;
  /** When scheduling passes run and how many tasks each places (engine/schedule/cadence.ts). */
  scheduling: CadenceConfig;
  /** Urgent tasks may take running lower-priority tasks' slots (engine/schedule/preemption.ts). */
  preemption: PreemptionConfig;
  /**
   * Tasks the per-task columns hold before they first grow. Growing copies every column (and faults in
   * fresh pages), a pause that grows with the task count; a driver that knows its workload (the
   * simulator) or runs long (the server) sizes this up front — untouched capacity costs address space,
   * not memory.
   */
  initialTaskCapacity: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  strategy: 'eft',
  weights: {},
  heartbeatIntervalMs: 1000,
  heartbeatTimeoutMs: 3500,
  maxAttempts: 4,
  network: {
    intraClusterBandwidthBytesPerMs: 125_000,
    intraClusterLatencyMs: 1,
    interClusterBandwidthBytesPerMs: 12_500,
    interClusterLatencyMs: 20,
  },
  historyAlpha: 0.2,
  unschedulableGraceMs: 30_000,
  keepStory: true,
  queueDepthSlots: 0,
  probationSlots: 1,
  faults: DEFAULT_FAULT_CONFIG,
  faultRules: DEFAULT_FAULT_RULES,
  balance: DEFAULT_BALANCE_CONFIG,
  scheduling: DEFAULT_CADENCE,
  preemption: DEFAULT_PREEMPTION,
  initialTaskCapacity: 1024,
};

/** A transition recorded for `story()`. */
export interface StoryEntry {
  atMs: number;
  stimulusId: string;
  from: string;
  to: string;
  agentId: string | null;
  attempt: number;
  note: string;
}

export interface DagRecord {
  id: string;
  firstTask: number;
  taskCount: number;
  remaining: number;
  failed: number;
  submittedAtMs: number;
  finishedAtMs: number;
}

/** Ready tasks that share one set of required capabilities. */
export interface ReqClass {
  key: string;
  requires: readonly string[];
  queue: ReadyHeap;
  /** Agent classes whose capabilities cover `requires`. */
  compatible: number[];
}

/** Agents that share one capability set; holds the dense list of such agents with free slots. */
export interface AgentClass {
  key: string;
  capabilities: ReadonlySet<string>;
  free: number[];
  freeSlots: number;
  /** Alive agents in this class. */
  alive: number;
  /** Free agents of this class per cluster, fastest (effective speed) first. */
  byCluster: SpeedHeap[];
}

export interface EngineState {
  config: EngineConfig;
  nowMs: number;
  stimulusSeq: number;
  stimulusLabel: string;
  out: Command[];
  dirty: boolean;
  strategy: PlacementStrategy;
  random: Random;

  // tasks: numeric columns are typed arrays with spare capacity (see growTaskColumns in engine.ts); only
  // indices below taskSpec.length are tasks. Never keep a reference across a DagSubmitted: growth replaces them.
  taskIndex: IdIndex;
  taskSpec: TaskSpec[];
  taskDag: Int32Array;
  taskState: Int32Array;
  taskAttempt: Int32Array;
  taskAgent: Int32Array;
  /** Agent that holds the task's output (where it last finished), -1 before. */
  taskOutputAgent: Int32Array;
  taskPendingParents: Int32Array;
  taskParents: number[][];
  taskChildren: number[][];
  taskRank: Float64Array;
  taskReqClass: Int32Array;
  /** Index of the task's type in `taskTypeIndex`. */
  taskType: Int32Array;
  taskTypeIndex: Map<string, number>;
  taskSeq: Float64Array;
  taskReadyAtMs: Float64Array;
  /** Times the task was preempted (refunded from its attempt budget). */
  taskPreemptions: Int32Array;
  taskAssignedAtMs: Float64Array;
  taskStartedAtMs: Float64Array;
  /** `taskSpec[t].workUnits`, flat (read for every running task by the straggler scan). */
  taskWorkUnits: Float64Array;
  taskFinishedAtMs: Float64Array;
  taskCompletions: Int32Array;
  taskStoryHead: Int32Array;
  stateCounts: Int32Array;

  // agents
  agentIndex: Map<string, number>;
  /** Agent ids by index (contiguous, for resolving handles; see core/handles.ts). */
  agentIdAt: string[];
  agentSpec: AgentSpec[];
  agentStatus: number[];
  agentClass: number[];
  agentClusterId: number[];
  agentUsedSlots: number[];
  agentUsedMemMb: number[];
  agentFreePos: number[];
  agentRunning: Set<number>[];
  /** Per agent: `agentRunning[a].size` + its speculative copies (see core/holdings.ts). */
  agentHeldCount: number[];
  /** Per agent: bumped on every change to what it holds (lets faults/reconcile.ts skip unchanged reports). */
  agentHoldingsVersion: number[];
  agentLastHeartbeatMs: number[];
  agentCpu: number[];
  agentMemory: number[];
  agentNetwork: number[];
  /** EWMA of actual / expected runtime; effective speed = speed / perf. */
  agentPerf: number[];
  /** speed / perf: what the speed heaps are keyed by. */
  agentEffSpeed: number[];
  /** Forecast CPU load (0–1) per agent, fed by the load layer (ForecastUpdated); 0 when unknown. */
  agentPredictedLoad: number[];
  /** Per agent, per task type (index in `taskTypeIndex`): EWMA of actual / expected runtime. */
  agentTypePerf: number[][];
  /** The agent is not offered work before this time (isolation, open circuit); 0 = available. */
  agentBlockedUntilMs: number[];
  /** Health per agent (AgentHealth in agent-health.ts): whether and how much new work it may take. */
  agentHealth: number[];
  /** Slots the engine may reserve on the agent now (slots + queue when healthy; see capacity.ts). */
  agentSlotCap: number[];
  agentHeapPos: number[];
  agentAssignedTotal: number[];
  clusterIndex: Map<string, number>;
  totalFreeSlots: number;
  aliveAgents: number;

  reqClasses: ReqClass[];
  reqClassIndex: Map<string, number>;
  agentClasses: AgentClass[];
  agentClassIndex: Map<string, number>;

  dags: DagRecord[];
  dagIndex: Map<string, number>;

  story: StoryLog;
  scratchDeferred: number[];
  scratchDeferrals: Int32Array;

  stats: EngineStats;
  heartbeatTimerArmed: boolean;
  cadence: CadenceState;
  /** Fault detectors, breakers, back-offs and speculative copies (engine/faults). */
  faults: FaultState;
  /** Imbalance detection and migrations in flight (engine/balance). */
  balance: BalanceState;
}

export interface EngineStats {
  decisions: number;
  retries: number;
  staleReports: number;
  agentsDeclaredDead: number;
  agentsReadmitted: number;
  completions: number;
  duplicateCompletionsRefused: number;
  preemptions: number;
}

/** Engine settings as callers give them: any subset, nested fault and balance settings partial too. */
export type EngineConfigInput = Partial<
  Omit<EngineConfig, 'faults' | 'balance' | 'scheduling' | 'preemption'>
> & {
  faults?: Partial<FaultConfig> | undefined;
  balance?: Partial<BalanceConfig> | undefined;
  scheduling?: Partial<CadenceConfig> | undefined;
  preemption?: Partial<PreemptionConfig> | undefined;
};

/**
 * `defaults` with the defined values of `input` over it, and those of `over` over both (an `undefined`
 * value keeps what is below it), in a new object built one field at a time in the defaults' key order;
 * keys only `input` has come last.
 *
 * Not `{ ...defaults, ...input }`: V8 clones a spread's first source with that source's hidden class,
 * then overwrites the fields the later sources set, which turns those fields from "constant" to
 * "mutable" on a class that optimised code depends on (the defaults' class, or the caller's config's).
 * In a sweep worker this happened again at the start of a later run and deoptimised ~35 hot engine
 * functions at once (`--trace-generalization` pointed at createEngineState and createEngine). Here
 * every field of the new object is written exactly once and the sources are only read.
 */
export function withDefaults<T extends object>(
  defaults: T,
  input: Partial<T> | undefined,
  over?: Partial<T>,
): T {
  const base = defaults as Record<string, unknown>;
  const src = (input ?? {}) as Record<string, unknown>;
  const top = (over ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) {
    let value = top[key];
    if (value === undefined) value = src[key];
    out[key] = value !== undefined ? value : base[key];
  }
  for (const key of Object.keys(src)) {
    if (!Object.hasOwn(out, key) && src[key] !== undefined) out[key] = src[key];
  }
  return out as T;
}

export function createEngineState(
  config: EngineConfigInput,
  random: Random,
  strategy: PlacementStrategy,
): EngineState {
  const cfg = withDefaults(DEFAULT_ENGINE_CONFIG, config as Partial<EngineConfig>, {
    faults: withDefaults(DEFAULT_FAULT_CONFIG, config.faults),
    balance: withDefaults(DEFAULT_BALANCE_CONFIG, config.balance),
    scheduling: withDefaults(DEFAULT_CADENCE, config.scheduling),
    preemption: withDefaults(DEFAULT_PREEMPTION, config.preemption),
  });
  const taskCap = Number.isFinite(cfg.initialTaskCapacity)
    ? Math.max(16, Math.floor(cfg.initialTaskCapacity))
    : 1024;
  return new EngineStateRecord(cfg, taskCap, random, strategy);
}

/**
 * The engine state as a class instance rather than an object literal. V8 creates an object literal's
 * boilerplate on the literal's second execution and, doing so, widens the recorded type of every
 * object-valued field (typed arrays, indexes, config) to "any": code optimised during the first run of a
 * process (a sweep worker runs many) then deoptimises at the start of the second. A constructor builds the
 * same hidden class every time and keeps those field types.
 */
// biome-ignore lint/correctness/noUnusedVariables: merged with the class below, which assigns its fields
interface EngineStateRecord extends EngineState {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
class EngineStateRecord {
  constructor(cfg: EngineConfig, taskCap: number, random: Random, strategy: PlacementStrategy) {
    this.config = cfg;
    this.nowMs = DOUBLE_ZERO;
    this.stimulusSeq = 0;
    this.stimulusLabel = '';
    this.out = objectArray();
    this.dirty = false;
    this.strategy = strategy;
    this.random = random;
    this.taskIndex = new IdIndex();
    this.taskSpec = objectArray();
    this.taskDag = new Int32Array(taskCap);
    this.taskState = new Int32Array(taskCap);
    this.taskAttempt = new Int32Array(taskCap);
    this.taskAgent = new Int32Array(taskCap);
    this.taskOutputAgent = new Int32Array(taskCap);
    this.taskPendingParents = new Int32Array(taskCap);
    this.taskParents = objectArray();
    this.taskChildren = objectArray();
    this.taskRank = new Float64Array(taskCap);
    this.taskReqClass = new Int32Array(taskCap);
    this.taskType = new Int32Array(taskCap);
    this.taskTypeIndex = new Map();
    this.taskSeq = new Float64Array(taskCap);
    this.taskReadyAtMs = new Float64Array(taskCap);
    this.taskPreemptions = new Int32Array(taskCap);
    this.taskAssignedAtMs = new Float64Array(taskCap);
    this.taskStartedAtMs = new Float64Array(taskCap);
    this.taskWorkUnits = new Float64Array(taskCap);
    this.taskFinishedAtMs = new Float64Array(taskCap);
    this.taskCompletions = new Int32Array(taskCap);
    this.taskStoryHead = new Int32Array(taskCap);
    this.stateCounts = new Int32Array(TASK_STATE_COUNT);
    this.agentIndex = new Map();
    this.agentIdAt = objectArray();
    this.agentSpec = objectArray();
    this.agentStatus = [];
    this.agentClass = [];
    this.agentClusterId = [];
    this.agentUsedSlots = [];
    this.agentUsedMemMb = [];
    this.agentFreePos = [];
    this.agentRunning = objectArray();
    this.agentHeldCount = [];
    this.agentHoldingsVersion = [];
    this.agentLastHeartbeatMs = doubleArray();
    this.agentCpu = doubleArray();
    this.agentMemory = doubleArray();
    this.agentNetwork = doubleArray();
    this.agentPerf = doubleArray();
    this.agentEffSpeed = doubleArray();
    this.agentPredictedLoad = doubleArray();
    this.agentTypePerf = objectArray();
    this.agentBlockedUntilMs = doubleArray();
    this.agentHealth = [];
    this.agentSlotCap = [];
    this.agentHeapPos = [];
    this.agentAssignedTotal = [];
    this.clusterIndex = new Map();
    this.totalFreeSlots = 0;
    this.aliveAgents = 0;
    this.reqClasses = objectArray();
    this.reqClassIndex = new Map();
    this.agentClasses = objectArray();
    this.agentClassIndex = new Map();
    this.dags = objectArray();
    this.dagIndex = new Map();
    this.story = new StoryLog(cfg.keepStory ? 4 * taskCap : 16);
    this.scratchDeferred = [];
    this.scratchDeferrals = new Int32Array(8);
    this.stats = {
      decisions: 0,
      retries: 0,
      staleReports: 0,
      agentsDeclaredDead: 0,
      agentsReadmitted: 0,
      completions: 0,
      duplicateCompletionsRefused: 0,
      preemptions: 0,
    };
    this.heartbeatTimerArmed = false;
    this.cadence = createCadenceState(cfg.scheduling);
    this.faults = createFaultState(cfg.faults, cfg.faultRules);
    this.balance = createBalanceState();
  }
}

/** Free slots an agent has now (0 when it is not alive). */
export function freeSlotsOf(s: EngineState, a: number): number {
  return s.agentStatus[a] === AgentStatus.Alive ? Math.max(0, s.agentSlotCap[a]! - s.agentUsedSlots[a]!) : 0;
}
