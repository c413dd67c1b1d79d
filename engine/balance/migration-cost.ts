/**
 * Migration cost model. Benefit: how much sooner the task finishes on the new agent (queue wait plus
 * runtime there versus here). Cost: moving its inputs (bytes / bandwidth + latency), the handshake,
 * warm-up, and for a running task either the progress lost by a restart or, when it checkpoints, copying
 * its state (state bytes / bandwidth) — progressive migration: checkpoint → copy → switch. A move is worth
 * it only when benefit > cost × (1 + marginRatio) + marginMs.
 */
import type { EngineState } from '../core/state.js';
import { TaskState } from '../core/transitions.js';
import { dataReadyDelayMs } from '../schedule/strategy.js';
import type { MigrationMode } from './balance-state.js';

export interface MoveEstimate {
  benefitMs: number;
  costMs: number;
  mode: MigrationMode;
  worth: boolean;
}

function runtimeMs(s: EngineState, t: number, a: number): number {
  return (s.taskSpec[t]!.workUnits * s.agentPerf[a]!) / s.agentSpec[a]!.speed;
}

/** Expected wait before task `t` (held, or to be held) gets a slot on agent `a`. */
export function queueWaitMs(s: EngineState, t: number, a: number, extraSlots: number): number {
  const slots = s.agentSpec[a]!.slots;
  const queued = s.agentUsedSlots[a]! + extraSlots - slots;
  return queued > 0 ? (queued / slots) * runtimeMs(s, t, a) : 0;
}

/** Estimate of moving task `t` from agent `from` to agent `to` (`bidCostMs` replaces the target's side). */
export function estimateMove(
  s: EngineState,
  t: number,
  from: number,
  to: number,
  bidCostMs = -1,
): MoveEstimate {
  const cfg = s.config.balance;
  const spec = s.taskSpec[t]!;
  const running = s.taskState[t] === TaskState.Running && s.taskStartedAtMs[t]! >= 0;
  const checkpoint = running && cfg.checkpointableTypes.includes(spec.type);
  const mode: MigrationMode = !running ? 'queued' : checkpoint ? 'checkpoint' : 'restart';
  const runFrom = runtimeMs(s, t, from);
  const elapsed = running ? s.nowMs - s.taskStartedAtMs[t]! : 0;
  const hereMs = running ? Math.max(0, runFrom - elapsed) : queueWaitMs(s, t, from, 0) + runFrom;
  const net = s.config.network;
  const sameCluster = s.agentClusterId[from] === s.agentClusterId[to];
  const latencyMs = sameCluster ? net.intraClusterLatencyMs : net.interClusterLatencyMs;
  const bandwidth = sameCluster ? net.intraClusterBandwidthBytesPerMs : net.interClusterBandwidthBytesPerMs;
  const targetMs =
    bidCostMs >= 0 ? bidCostMs : queueWaitMs(s, t, to, spec.cpuDemand) + dataReadyDelayMs(s, t, to);
  const thereMs = targetMs + runtimeMs(s, t, to) * (checkpoint ? Math.max(0, 1 - elapsed / runFrom) : 1);
  let costMs = 2 * latencyMs + cfg.warmupMs;
  if (mode === 'restart') costMs += elapsed;
  if (mode === 'checkpoint') costMs += (spec.memoryMb * cfg.stateBytesPerMb) / bandwidth;
  const benefitMs = hereMs - thereMs;
  return { benefitMs, costMs, mode, worth: benefitMs > costMs * (1 + cfg.marginRatio) + cfg.marginMs };
}
