/**
 * The request/confirm handshake of a migration. The engine asks the current agent to give the task up
 * (`MigrateTask`); the agent confirms (it had not started it, or it checkpointed it) or refuses (it had
 * started and the task cannot move). Only on confirmation does the task leave the agent: its reservation
 * is released and it is placed on the chosen receiver as a new attempt (or queued again if the receiver
 * filled up meanwhile). Unanswered requests expire; the heartbeat reconciliation knows the truth.
 */
import { freeOf } from '../core/capacity.js';
import { enqueueReady } from '../core/classes.js';
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { TaskState } from '../core/transitions.js';
import type { MoveEstimate } from './migration-cost.js';

/** Sends a migration request for task `t` from `from` to `to`. */
export function requestMove(
  s: EngineState,
  ops: CoreOps,
  t: number,
  from: number,
  to: number,
  est: MoveEstimate,
): void {
  const b = s.balance;
  b.pending.set(t, {
    from,
    to,
    attempt: s.taskAttempt[t]!,
    mode: est.mode,
    sentAtMs: s.nowMs,
    costMs: est.costMs,
    benefitMs: est.benefitMs,
  });
  b.stats.requested++;
  ops.emit(s, {
    kind: 'MigrateTask',
    taskId: s.taskSpec[t]!.id,
    fromAgentId: s.agentSpec[from]!.id,
    toAgentId: s.agentSpec[to]!.id,
    attempt: s.taskAttempt[t]!,
    mode: est.mode,
  });
}

function pendingFor(s: EngineState, taskId: string, agentId: string, attempt: number): number {
  const t = s.taskIndex.get(taskId);
  if (t === undefined) return -1;
  const p = s.balance.pending.get(t);
  if (!p || p.attempt !== attempt || s.agentSpec[p.from]!.id !== agentId) return -1;
  const st = s.taskState[t]!;
  const held = (st === TaskState.Assigned || st === TaskState.Running) && s.taskAgent[t] === p.from;
  if (!held || s.taskAttempt[t] !== attempt) {
    s.balance.pending.delete(t);
    return -1;
  }
  return t;
}

/** The agent gave the task up: move it (new attempt on the receiver, or back to the ready queue). */
export function onMigrationConfirmed(
  s: EngineState,
  ops: CoreOps,
  taskId: string,
  agentId: string,
  attempt: number,
  progressFraction: number,
): void {
  const t = pendingFor(s, taskId, agentId, attempt);
  if (t < 0) return;
  const b = s.balance;
  const p = b.pending.get(t)!;
  b.pending.delete(t);
  b.stats.confirmed++;
  b.stats.costMs += p.costMs;
  b.stats.benefitMs += p.benefitMs;
  b.moves.set(t, (b.moves.get(t) ?? 0) + 1);
  b.lastMoveMs.set(t, s.nowMs);
  ops.releaseSlots(s, t, p.from);
  ops.transition(s, t, TaskState.Ready, `migrating from ${agentId}`);
  s.taskAgent[t] = -1;
  s.taskReadyAtMs[t] = s.nowMs;
  const spec = s.taskSpec[t]!;
  const fits =
    freeOf(s, p.to) >= spec.cpuDemand &&
    s.agentSpec[p.to]!.slots - s.agentUsedSlots[p.to]! >= spec.cpuDemand &&
    (spec.memoryMb <= 0 || s.agentSpec[p.to]!.memoryMb - s.agentUsedMemMb[p.to]! >= spec.memoryMb);
  if (p.mode === 'checkpoint' && progressFraction > 0) b.resumeFraction.set(t, progressFraction);
  if (fits) {
    ops.assign(s, t, p.to);
    stampResume(s, t);
  } else {
    enqueueReady(s, t);
    s.dirty = true;
  }
}

/** Adds the checkpointed progress to the AssignTask just emitted for task `t`. */
function stampResume(s: EngineState, t: number): void {
  const f = s.balance.resumeFraction.get(t);
  if (f === undefined) return;
  s.balance.resumeFraction.delete(t);
  const last = s.out[s.out.length - 1];
  if (last?.kind === 'AssignTask' && last.taskId === s.taskSpec[t]!.id) last.resumeFraction = f;
}

/** The agent keeps the task: forget the request (the anti-thrash cooldown still applies). */
export function onMigrationRefused(s: EngineState, taskId: string, agentId: string, attempt: number): void {
  const t = pendingFor(s, taskId, agentId, attempt);
  if (t < 0) return;
  s.balance.pending.delete(t);
  s.balance.stats.refused++;
  s.balance.lastMoveMs.set(t, s.nowMs);
}

/** Forgets requests older than the handshake timeout. */
export function expireRequests(s: EngineState): void {
  const b = s.balance;
  const cutoff = s.nowMs - s.config.balance.handshakeTimeoutMs;
  for (const [t, p] of b.pending) {
    if (p.sentAtMs <= cutoff) {
      b.pending.delete(t);
      b.stats.timedOut++;
    }
  }
}
