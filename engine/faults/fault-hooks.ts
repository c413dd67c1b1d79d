/**
 * The entry points engine.ts calls into fault handling, one per event of the core: agent joined, up,
 * down; heartbeat; periodic sweep; task finished or failed. Each is short and delegates to the
 * detectors and recovery modules, so the core's own handlers change by a line or two.
 */
import { AgentHealth } from '../core/agent-health.js';
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import type { HeldTasks } from '../core/stimuli.js';
import {
  recordAgentDeath,
  recordTaskFailure,
  recordTaskSuccess,
  sweepAgentTimers,
} from './agent-recovery.js';
import { addFaultCluster, sweepClusters } from './cluster-detector.js';
import { checkIntervalOf } from './fault-config.js';
import { addFaultAgent } from './fault-state.js';
import { computeHealth } from './health-policy.js';
import { observeHeartbeat, resetDetector, sweepLiveness } from './heartbeat-detector.js';
import { cleanSlateForReadmission, reconcileHeld } from './reconcile.js';
import {
  dropSecondary,
  forgetSecondariesOn,
  isSecondary,
  promoteSecondary,
  scanStragglers,
} from './speculation.js';
import { retryBackoffMs } from './task-recovery.js';

/** A new agent index `a` exists: grow the per-agent and per-cluster fault arrays. */
export function faultsOnAgentAdded(s: EngineState, a: number): void {
  addFaultAgent(s.faults, a, s.config.heartbeatIntervalMs, s.nowMs);
  addFaultCluster(s, s.agentClusterId[a]!);
  s.agentHealth.push(AgentHealth.Down);
  s.agentSlotCap.push(0);
}

/** Agent `a` (re)joined or was re-admitted: restart its detector; returns the health it comes up with. */
export function faultsOnAgentUp(s: EngineState, a: number): number {
  addFaultCluster(s, s.agentClusterId[a]!);
  resetDetector(s, a);
  return computeHealth(s, a);
}

/** Agent `a` goes down (before its tasks are re-placed): forget its speculative copies, note deaths. */
export function faultsOnAgentDown(s: EngineState, ops: CoreOps, a: number, status: number): void {
  forgetSecondariesOn(s, a);
  s.faults.suspectSinceMs[a] = -1;
  s.agentHealth[a] = AgentHealth.Down;
  s.faults.agentStateVersion++;
  s.agentSlotCap[a] = 0;
  if (status === AgentStatus.Dead) recordAgentDeath(s, ops, a);
}

/** A heartbeat from a dead agent: whether it may be re-admitted now (clean slate). */
export function faultsMayReadmit(
  s: EngineState,
  ops: CoreOps,
  a: number,
  held: HeldTasks | undefined,
): boolean {
  return cleanSlateForReadmission(s, ops, a, held);
}

/** A heartbeat from alive agent `a` (before its last-heartbeat time is updated). */
export function faultsOnHeartbeat(
  s: EngineState,
  ops: CoreOps,
  a: number,
  held: HeldTasks | undefined,
): void {
  observeHeartbeat(s, a);
  if (held !== undefined) reconcileHeld(s, ops, a, held);
}

/** The periodic sweep: liveness, clusters, time-driven recovery, stragglers (once per heartbeat interval). */
export function faultsSweep(s: EngineState, ops: CoreOps): void {
  sweepLiveness(s, ops);
  sweepClusters(s, ops);
  sweepAgentTimers(s);
  const perInterval = Math.max(1, Math.round(s.config.heartbeatIntervalMs / sweepIntervalMs(s)));
  if (s.faults.sweeps++ % perInterval === 0) scanStragglers(s, ops);
}

/** Period of the sweep timer. */
export function sweepIntervalMs(s: EngineState): number {
  return checkIntervalOf(s.config.faults, s.config.heartbeatIntervalMs);
}

/**
 * A finish report that is not the task's current attempt: when it is the speculated straggler, it wins
 * (the current copy is cancelled) and the caller completes the task; returns whether it did.
 */
export function faultsSecondaryFinished(
  s: EngineState,
  ops: CoreOps,
  t: number,
  a: number,
  attempt: number,
): boolean {
  if (s.faults.specAgent.size === 0 || !isSecondary(s, t, a, attempt)) return false;
  return promoteSecondary(s, ops, t, true);
}

/** Task `t` finished on agent `a` (its current attempt): record the success, cancel any other copy. */
export function faultsOnTaskFinished(s: EngineState, ops: CoreOps, t: number, a: number): void {
  if (s.faults.specAgent.has(t)) {
    s.faults.stats.speculativeWins++;
    dropSecondary(s, ops, t, true);
  }
  recordTaskSuccess(s, a);
}

/** A failure report that is not the task's current attempt: drops it when it is the secondary copy. */
export function faultsSecondaryFailed(
  s: EngineState,
  ops: CoreOps,
  t: number,
  a: number,
  attempt: number,
): boolean {
  if (s.faults.specAgent.size === 0 || !isSecondary(s, t, a, attempt)) return false;
  dropSecondary(s, ops, t, false);
  recordTaskFailure(s, ops, a);
  return true;
}

/** Task `t`'s current attempt failed on agent `a`: returns the back-off before the retry (ms). */
export function faultsOnTaskFailed(
  s: EngineState,
  ops: CoreOps,
  t: number,
  a: number,
  reason: string,
): number {
  recordTaskFailure(s, ops, a);
  return retryBackoffMs(s, ops, t, reason);
}

/** Task `t` lost its current attempt: a running secondary copy takes over; returns whether one did. */
export function faultsTakeOver(s: EngineState, ops: CoreOps, t: number): boolean {
  return s.faults.specAgent.size > 0 && promoteSecondary(s, ops, t, false);
}

/** Task `t` is cancelled: its secondary copy goes too. */
export function faultsOnTaskCancelled(s: EngineState, ops: CoreOps, t: number): void {
  s.faults.backoff.delete(t);
  if (s.faults.specAgent.has(t)) dropSecondary(s, ops, t, true);
}
