/**
 * What fault detection and recovery remember, as plain data inside `EngineState.faults` (so it is
 * snapshotted and persisted with the rest of the state; the engine can restart from it). Per-agent
 * fields are parallel arrays grown as agents join; per-cluster breakers grow with clusters.
 */

import { doubleArray, objectArray } from '../core/typed-arrays.js';
import type { Random } from '../model/random.js';
import { type Breakers, createBreakers } from './circuit-breaker.js';
import type { FaultConfig } from './fault-config.js';
import type { FaultRule } from './fault-rules.js';
import { yForPhi } from './phi-accrual.js';

export interface FaultStats {
  suspicions: number;
  suspicionsCleared: number;
  probesSent: number;
  declaredByPhi: number;
  declaredByTimeout: number;
  declaredByCluster: number;
  lostOnWire: number;
  /** Finishes learnt from heartbeats after their TaskFinished was lost. */
  finishesRecovered: number;
  orphansCancelled: number;
  /** Agents that reconnected and kept their attempts (`AgentReconnected` resumed them). */
  agentsResumed: number;
  retriesBackedOff: number;
  breakersOpened: number;
  quarantines: number;
  drains: number;
  clusterFaults: number;
  stragglers: number;
  speculativeCopies: number;
  speculativeWins: number;
  taskFailures: number;
}

export interface FaultState {
  /** Standardised silence at which phi reaches the threshold (computed once from the config). */
  phiY: number;
  rules: readonly FaultRule[];
  /** The seeded `faults` stream (forked from the engine's random on first use). */
  rng: Random | null;
  // per agent
  hbMeanMs: number[];
  hbVarMs2: number[];
  /** When phi will cross the threshold if no heartbeat comes. */
  suspectAtMs: number[];
  /** -1 when not suspect. */
  suspectSinceMs: number[];
  probesSent: number[];
  probeDeadlineMs: number[];
  /** Recent times the agent was declared dead (for flapping), oldest first. */
  deathsMs: number[][];
  failureRate: number[];
  /** Draining (predicted to fail) until this time, then probation; 0 = not draining. */
  drainUntilMs: number[];
  quarantineUntilMs: number[];
  /** Successful tasks still needed to leave probation (0 = not on probation). */
  probationLeft: number[];
  /** Dead agent waiting to report an empty slate (orphans cancelled) before re-admission. */
  awaitingCleanSlate: boolean[];
  /**
   * Operator drain (`AgentDrainRequested`, see core/agent-drain.ts): 0 none, 1 draining (no new work,
   * running work finishes), 2 drained (holds nothing). Survives re-joins until `AgentDrainLifted`.
   */
  operatorDrain: number[];
  /** Agents in operator drain that still hold work (checked after every stimulus; usually empty). */
  drainingAgents: number[];
  agentBreakers: Breakers;
  // per cluster
  clusterBreakers: Breakers;
  clusterFaultSinceMs: number[];
  fleetDegraded: boolean;
  // tasks
  /** Tasks waiting out a retry back-off: task → due time. */
  backoff: Map<number, number>;
  /** Speculative copies: task → agent running the copy. */
  specAgent: Map<number, number>;
  specAttempt: Map<number, number>;
  /** Speculative copies held per agent (counted in the agent's reserved slots). */
  agentSpeculative: Set<number>[];
  /**
   * Per agent, after a heartbeat report matched the engine's view exactly (no lost, no orphan attempt):
   * the report's `version` and `agentHoldingsVersion` then (-1: no such match in force), and how many
   * reports since were let through unchanged (see faults/reconcile.ts).
   */
  heldVersionSeen: number[];
  holdingsVersionSeen: number[];
  heldSkips: number[];
  /** Tasks already reported as stragglers (once per attempt). */
  straggling: Set<number>;
  sweeps: number;
  /**
   * Bumped whenever an agent's status, suspicion or health changes. The sweeps whose only inputs these
   * are skip when it has not moved since their last pass: the cluster count (`clustersSweptVersion`) and
   * the agent timers when that pass found no alive agent to tick (`timersIdleVersion`).
   */
  agentStateVersion: number;
  clustersSweptVersion: number;
  timersIdleVersion: number;
  /** A lower bound of every alive agent's next liveness deadline: the liveness sweep skips before it. */
  livenessDueMs: number;
  stats: FaultStats;
}

export function createFaultState(cfg: FaultConfig, rules: readonly FaultRule[]): FaultState {
  return new FaultStateRecord(cfg, rules);
}

/** FaultState built by a constructor, not an object literal: see `EngineStateRecord` in core/state.ts. */
// biome-ignore lint/correctness/noUnusedVariables: merged with the class below, which assigns its fields
interface FaultStateRecord extends FaultState {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
class FaultStateRecord {
  constructor(cfg: FaultConfig, rules: readonly FaultRule[]) {
    this.phiY = yForPhi(cfg.phiThreshold);
    this.rules = rules;
    this.rng = null;
    this.hbMeanMs = doubleArray();
    this.hbVarMs2 = doubleArray();
    this.suspectAtMs = doubleArray();
    this.suspectSinceMs = doubleArray();
    this.probesSent = [];
    this.probeDeadlineMs = doubleArray();
    this.deathsMs = objectArray();
    this.failureRate = doubleArray();
    this.drainUntilMs = doubleArray();
    this.quarantineUntilMs = doubleArray();
    this.probationLeft = [];
    this.awaitingCleanSlate = objectArray();
    this.operatorDrain = [];
    this.drainingAgents = [];
    this.agentBreakers = createBreakers();
    this.clusterBreakers = createBreakers();
    this.clusterFaultSinceMs = doubleArray();
    this.fleetDegraded = false;
    this.backoff = new Map();
    this.specAgent = new Map();
    this.specAttempt = new Map();
    this.agentSpeculative = objectArray();
    this.heldVersionSeen = [];
    this.holdingsVersionSeen = [];
    this.heldSkips = [];
    this.straggling = new Set();
    this.sweeps = 0;
    this.agentStateVersion = 0;
    this.clustersSweptVersion = -1;
    this.timersIdleVersion = -1;
    this.livenessDueMs = Number.NEGATIVE_INFINITY;
    this.stats = {
      suspicions: 0,
      suspicionsCleared: 0,
      probesSent: 0,
      declaredByPhi: 0,
      declaredByTimeout: 0,
      declaredByCluster: 0,
      lostOnWire: 0,
      finishesRecovered: 0,
      orphansCancelled: 0,
      agentsResumed: 0,
      retriesBackedOff: 0,
      breakersOpened: 0,
      quarantines: 0,
      drains: 0,
      clusterFaults: 0,
      stragglers: 0,
      speculativeCopies: 0,
      speculativeWins: 0,
      taskFailures: 0,
    };
  }
}

/** Grows the per-agent arrays to cover agent `a` (first join), seeded with the heartbeat interval. */
export function addFaultAgent(f: FaultState, a: number, intervalMs: number, nowMs: number): void {
  while (f.hbMeanMs.length <= a) {
    f.hbMeanMs.push(intervalMs);
    f.hbVarMs2.push(0);
    f.suspectAtMs.push(Number.POSITIVE_INFINITY);
    f.suspectSinceMs.push(-1);
    f.probesSent.push(0);
    f.probeDeadlineMs.push(0);
    f.deathsMs.push([]);
    f.failureRate.push(0);
    f.drainUntilMs.push(0);
    f.quarantineUntilMs.push(0);
    f.probationLeft.push(0);
    f.awaitingCleanSlate.push(false);
    f.operatorDrain.push(0);
    f.agentSpeculative.push(new Set());
    f.heldVersionSeen.push(-1);
    f.holdingsVersionSeen.push(-1);
    f.heldSkips.push(0);
  }
  f.suspectAtMs[a] = nowMs + 2 * intervalMs;
}

/** The seeded random stream of fault handling. */
export function faultRandom(f: FaultState, root: Random): Random {
  if (f.rng === null) f.rng = root.fork('faults');
  return f.rng;
}
