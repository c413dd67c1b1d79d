/**
 * Online placement: a strategy picks, for one ready task, an agent among those that can run it now.
 * Strategies read the engine state (one snapshot per decision) and must not mutate it; the core
 * reserves the chosen agent. Returning -1 means "no agent now" (the task waits), never an error.
 */

import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';

/** The part of the driver's decision probe a layered strategy uses to mark its phases. */
export interface PhaseProbe {
  phase?(name: string): void;
}

export interface PlacementStrategy {
  readonly name: string;
  /**
   * The agent index to run task `t` on now, or -1 when no candidate fits. `probe` (instrumentation
   * port, may be absent) lets layered strategies mark their phases.
   */
  select(s: EngineState, t: number, probe?: PhaseProbe): number;
}

/**
 * Calls `visit(a)` for every agent that can take task `t` right now: alive, capabilities covering the
 * task's requirements, enough free slots and memory. Stops early when `visit` returns true.
 */
export function forEachCandidate(s: EngineState, t: number, visit: (a: number) => boolean | undefined): void {
  const spec = s.taskSpec[t]!;
  const rc = s.reqClasses[s.taskReqClass[t]!]!;
  const demand = spec.cpuDemand;
  const mem = spec.memoryMb;
  for (const ac of rc.compatible) {
    const cls = s.agentClasses[ac]!;
    if (cls.freeSlots < demand) continue;
    const free = cls.free;
    for (let i = 0; i < free.length; i++) {
      const a = free[i]!;
      if (s.agentSlotCap[a]! - s.agentUsedSlots[a]! < demand) continue;
      if (mem > 0 && s.agentSpec[a]!.memoryMb - s.agentUsedMemMb[a]! < mem) continue;
      if (visit(a) === true) return;
    }
  }
}

/** Whether any alive agent in the fleet could ever run task `t` (capabilities, slots, memory). */
export function anyAgentCouldRun(s: EngineState, t: number): boolean {
  const spec = s.taskSpec[t]!;
  const rc = s.reqClasses[s.taskReqClass[t]!]!;
  for (const ac of rc.compatible) {
    for (let a = 0; a < s.agentSpec.length; a++) {
      if (s.agentClass[a] !== ac || s.agentStatus[a] !== AgentStatus.Alive) continue;
      const ag = s.agentSpec[a]!;
      if (ag.slots >= spec.cpuDemand && ag.memoryMb >= spec.memoryMb) return true;
    }
  }
  return false;
}

/**
 * Earliest time (relative to now, ms) at which all of task `t`'s inputs could be on agent `a`,
 * using the engine's network model: parents' outputs fetched in parallel from where they were produced.
 */
export function dataReadyDelayMs(s: EngineState, t: number, a: number): number {
  const net = s.config.network;
  const cluster = s.agentClusterId[a]!;
  const parents = s.taskParents[t]!;
  let worst = 0;
  for (let i = 0; i < parents.length; i++) {
    const p = parents[i]!;
    const bytes = s.taskSpec[p]!.outputBytes;
    if (bytes <= 0) continue;
    const from = s.taskOutputAgent[p]!;
    if (from === a) continue;
    const d =
      s.agentClusterId[from] === cluster
        ? bytes / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs
        : bytes / net.interClusterBandwidthBytesPerMs + net.interClusterLatencyMs;
    if (d > worst) worst = d;
  }
  const own = s.taskSpec[t]!.inputBytes;
  if (own > 0) {
    const d = own / net.intraClusterBandwidthBytesPerMs + net.intraClusterLatencyMs;
    if (d > worst) worst = d;
  }
  return worst;
}

/** Expected runtime of task `t` on agent `a`: work / speed, corrected by the agent's observed performance. */
export function expectedRuntimeMs(s: EngineState, t: number, a: number): number {
  return (s.taskSpec[t]!.workUnits * s.agentPerf[a]!) / s.agentSpec[a]!.speed;
}
