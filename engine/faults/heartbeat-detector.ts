/**
 * Liveness detection on heartbeats: a phi-accrual detector per agent plus the plain timeout as a
 * fallback. Each heartbeat folds its inter-arrival time into the agent's statistics and precomputes when
 * phi will cross the threshold; the periodic sweep (a `heartbeat-check` timer, never an own timer) only
 * compares times. Crossing makes the agent suspect (no new work) and sends probes; an agent that answers
 * no probe is declared dead. Probing keeps one lost heartbeat from costing a false suspicion.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import { DOUBLE_ZERO } from '../core/typed-arrays.js';
import { classify } from './classify.js';
import { minStdOf } from './fault-config.js';
import { refreshHealth } from './health-policy.js';
import { type ArrivalStats, observeInterval, suspectAtMs } from './phi-accrual.js';

const scratch: ArrivalStats = { meanMs: DOUBLE_ZERO, varMs2: DOUBLE_ZERO };

/** Forgets agent `a`'s silence (on join or re-admission): the next deadline counts from now. */
export function resetDetector(s: EngineState, a: number): void {
  const f = s.faults;
  f.suspectSinceMs[a] = -1;
  f.agentStateVersion++;
  f.livenessDueMs = Number.NEGATIVE_INFINITY;
  f.probesSent[a] = 0;
  scratch.meanMs = f.hbMeanMs[a]!;
  scratch.varMs2 = f.hbVarMs2[a]!;
  f.suspectAtMs[a] = suspectAtMs(
    s.nowMs,
    scratch,
    f.phiY,
    minStdOf(s.config.faults, s.config.heartbeatIntervalMs),
  );
}

/** Folds a heartbeat of alive agent `a` (before `agentLastHeartbeatMs` is updated); clears a suspicion. */
export function observeHeartbeat(s: EngineState, a: number): void {
  const f = s.faults;
  const dt = s.nowMs - s.agentLastHeartbeatMs[a]!;
  scratch.meanMs = f.hbMeanMs[a]!;
  scratch.varMs2 = f.hbVarMs2[a]!;
  if (dt > 0 && dt <= s.config.heartbeatTimeoutMs) {
    observeInterval(scratch, dt, s.config.faults.phiAlpha);
    f.hbMeanMs[a] = scratch.meanMs;
    f.hbVarMs2[a] = scratch.varMs2;
  }
  f.suspectAtMs[a] = suspectAtMs(
    s.nowMs,
    scratch,
    f.phiY,
    minStdOf(s.config.faults, s.config.heartbeatIntervalMs),
  );
  if (f.suspectAtMs[a]! < f.livenessDueMs) f.livenessDueMs = f.suspectAtMs[a]!;
  if (f.suspectSinceMs[a]! >= 0) {
    f.suspectSinceMs[a] = -1;
    f.agentStateVersion++;
    f.probesSent[a] = 0;
    f.stats.suspicionsCleared++;
    refreshHealth(s, a);
  }
}

/** Sweeps every alive agent: timeout fallback, phi crossing → suspect + probe, unanswered probes → dead. */
export function sweepLiveness(s: EngineState, ops: CoreOps): void {
  const f = s.faults;
  const now = s.nowMs;
  // No alive agent has a deadline before livenessDueMs (the last pass took their minimum; every later
  // change that can bring a deadline forward lowers it): nothing to do yet.
  if (now < f.livenessDueMs) return;
  f.livenessDueMs = Number.POSITIVE_INFINITY;
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentStatus[a] !== AgentStatus.Alive) continue;
    checkLiveness(s, ops, a, now);
    if (s.agentStatus[a] !== AgentStatus.Alive) continue;
    const timeoutAt = s.agentLastHeartbeatMs[a]! + s.config.heartbeatTimeoutMs;
    const next = Math.min(timeoutAt, f.suspectSinceMs[a]! < 0 ? f.suspectAtMs[a]! : f.probeDeadlineMs[a]!);
    if (next < f.livenessDueMs) f.livenessDueMs = next;
  }
}

/** Alive agent `a`: timeout fallback, phi crossing → suspect + probe, unanswered probes → dead. */
function checkLiveness(s: EngineState, ops: CoreOps, a: number, now: number): void {
  const f = s.faults;
  const cfg = s.config.faults;
  const silentMs = now - s.agentLastHeartbeatMs[a]!;
  if (silentMs > s.config.heartbeatTimeoutMs) {
    f.stats.declaredByTimeout++;
    declareDead(s, ops, a, `no heartbeat for ${silentMs} ms (timeout ${s.config.heartbeatTimeoutMs} ms)`);
  } else if (f.suspectSinceMs[a]! < 0) {
    if (now >= f.suspectAtMs[a]!) suspect(s, ops, a);
  } else if (now >= f.probeDeadlineMs[a]!) {
    if (f.probesSent[a]! < cfg.probesMax) probe(s, ops, a);
    else {
      f.stats.declaredByPhi++;
      declareDead(
        s,
        ops,
        a,
        `phi above ${cfg.phiThreshold} after ${silentMs} ms of silence; ${f.probesSent[a]} probes unanswered`,
      );
    }
  }
}

function suspect(s: EngineState, ops: CoreOps, a: number): void {
  const f = s.faults;
  f.suspectSinceMs[a] = s.nowMs;
  f.agentStateVersion++;
  f.probesSent[a] = 0;
  f.stats.suspicions++;
  refreshHealth(s, a);
  const clusterDown = f.clusterFaultSinceMs[s.agentClusterId[a]!]! >= 0;
  if (clusterDown || s.config.faults.probesMax === 0) {
    f.stats.declaredByCluster += clusterDown ? 1 : 0;
    f.stats.declaredByPhi += clusterDown ? 0 : 1;
    declareDead(
      s,
      ops,
      a,
      `phi above ${s.config.faults.phiThreshold}${clusterDown ? ' in an unreachable cluster' : ''}`,
    );
  } else {
    probe(s, ops, a);
  }
}

function probe(s: EngineState, ops: CoreOps, a: number): void {
  const f = s.faults;
  f.probesSent[a]!++;
  f.stats.probesSent++;
  f.probeDeadlineMs[a] = s.nowMs + s.config.faults.probeTimeoutMs;
  if (f.probeDeadlineMs[a]! < f.livenessDueMs) f.livenessDueMs = f.probeDeadlineMs[a]!;
  ops.emit(s, { kind: 'ProbeAgent', agentId: s.agentSpec[a]!.id });
}

/** Declares alive agent `a` dead: classifies it, tells the driver, re-places its work. */
export function declareDead(s: EngineState, ops: CoreOps, a: number, reason: string): void {
  const id = s.agentSpec[a]!.id;
  s.stats.agentsDeclaredDead++;
  classify(s, ops, 'agent-dead', id, 1, reason);
  ops.emit(s, {
    kind: 'AgentDeclaredDead',
    agentId: id,
    lastHeartbeatMs: s.agentLastHeartbeatMs[a]!,
    reason,
  });
  ops.takeAgentDown(s, a, AgentStatus.Dead, 'agent declared dead');
}
