/**
 * Communication monitoring of task messages. Agents list the attempts they hold in their heartbeats;
 * comparing that with what the engine believes finds messages lost on the wire: an attempt the engine
 * placed but the agent never got (or whose finish report was lost) is re-placed, and an attempt the
 * agent runs that the engine no longer wants (an orphan, e.g. after a partition healed) is cancelled.
 * A dead agent is re-admitted only once it reports a clean slate.
 */
import type { CoreOps } from '../core/core-ops.js';
import { taskOf } from '../core/handles.js';
import type { EngineState } from '../core/state.js';
import type { HeldTasks } from '../core/stimuli.js';
import { TaskState } from '../core/transitions.js';
import { classify } from './classify.js';
import { reconcileGraceOf } from './fault-config.js';
import { dropSecondary } from './speculation.js';

const lost: number[] = [];
/** Scratch: per task, the attempt the current heartbeat reports (valid when `stamp[t] === seq`). */
let stamp = new Int32Array(1024);
let stampAttempt = new Int32Array(1024);
let seq = 0;

function mark(t: number, attempt: number): void {
  if (t >= stamp.length) {
    const n = Math.max(t + 1, stamp.length * 2);
    const s2 = new Int32Array(n);
    s2.set(stamp);
    stamp = s2;
    const a2 = new Int32Array(n);
    a2.set(stampAttempt);
    stampAttempt = a2;
  }
  stamp[t] = seq;
  stampAttempt[t] = attempt;
}

function reported(t: number, attempt: number): boolean {
  return t < stamp.length && stamp[t] === seq && stampAttempt[t] === attempt;
}

/** Whether the engine places attempt `attempt` of task `t` on agent `a` (primary or speculative copy). */
export function expected(s: EngineState, t: number, a: number, attempt: number): boolean {
  const st = s.taskState[t]!;
  if (st !== TaskState.Assigned && st !== TaskState.Running) return false;
  if (s.taskAgent[t] === a && s.taskAttempt[t] === attempt) return true;
  return s.faults.specAgent.get(t) === a && s.faults.specAttempt.get(t) === attempt;
}

/** Reports let through unchanged in a row before one is compared again anyway (a safety net). */
const MAX_UNCHANGED_SKIPS = 15;

/** Compares agent `a`'s report with the engine's view; cancels orphans and re-places lost attempts. */
export function reconcileHeld(s: EngineState, ops: CoreOps, a: number, held: HeldTasks): void {
  acceptRepeatedFinishes(s, ops, a, held);
  const f = s.faults;
  // The same list as the last report that matched exactly, and nothing changed on the engine's side
  // either: it matches again.
  const version = held.version;
  if (
    version !== undefined &&
    version === f.heldVersionSeen[a] &&
    s.agentHoldingsVersion[a] === f.holdingsVersionSeen[a] &&
    f.heldSkips[a]! < MAX_UNCHANGED_SKIPS
  ) {
    f.heldSkips[a]!++;
    return;
  }
  f.heldVersionSeen[a] = -1;
  seq = (seq + 1) | 0;
  // Attempts the engine expects on this agent that the report lists, each counted once: when that is
  // all of them (the usual case), nothing was lost and the per-task comparison below is skipped.
  let confirmed = 0;
  let orphans = 0;
  const handles = held.handles;
  for (let i = 0; i < held.taskIds.length; i++) {
    const taskId = held.taskIds[i]!;
    const attempt = held.attempts[i]!;
    const t = taskOf(s, taskId, handles?.[i]);
    if (t !== undefined) {
      if (expected(s, t, a, attempt)) {
        if (!reported(t, attempt)) confirmed++;
        mark(t, attempt);
        continue;
      }
      mark(t, attempt);
    }
    orphans++;
    f.stats.orphansCancelled++;
    ops.emit(s, { kind: 'CancelTask', taskId, agentId: s.agentIdAt[a]!, attempt });
  }
  if (confirmed === s.agentHeldCount[a]) {
    if (orphans === 0 && version !== undefined) {
      f.heldVersionSeen[a] = version;
      f.holdingsVersionSeen[a] = s.agentHoldingsVersion[a]!;
      f.heldSkips[a] = 0;
    }
    return;
  }
  const running = s.agentRunning[a]!;
  const spec = s.faults.agentSpeculative[a]!;
  const cutoff = s.nowMs - reconcileGraceOf(s.config.faults, s.config.heartbeatIntervalMs);
  lost.length = 0;
  for (const t of running) {
    if (s.taskAssignedAtMs[t]! < cutoff && !reported(t, s.taskAttempt[t]!)) lost.push(t);
  }
  for (const t of lost) relaunchLost(s, ops, t, a);
  lost.length = 0;
  for (const t of spec) if (!reported(t, s.faults.specAttempt.get(t)!)) lost.push(t);
  for (const t of lost) dropSecondary(s, ops, t, false);
}

/** Finish reports repeated in the heartbeat complete tasks whose `TaskFinished` was lost. */
function acceptRepeatedFinishes(s: EngineState, ops: CoreOps, a: number, held: HeldTasks): void {
  const ids = held.finishedTaskIds;
  const attempts = held.finishedAttempts;
  if (!ids || !attempts) return;
  for (let i = 0; i < ids.length; i++) {
    const t = s.taskIndex.get(ids[i]!);
    if (t === undefined || !expected(s, t, a, attempts[i]!)) continue;
    s.faults.stats.finishesRecovered++;
    ops.finishTask(s, ids[i]!, s.agentSpec[a]!.id, attempts[i]!);
  }
}

function relaunchLost(s: EngineState, ops: CoreOps, t: number, a: number): void {
  const taskId = s.taskSpec[t]!.id;
  s.faults.stats.lostOnWire++;
  classify(s, ops, 'lost-on-wire', taskId, 1, `agent ${s.agentSpec[a]!.id} does not hold it`);
  ops.emit(s, { kind: 'CancelTask', taskId, agentId: s.agentSpec[a]!.id, attempt: s.taskAttempt[t]! });
  ops.releaseSlots(s, t, a);
  ops.retryOrFail(s, t, 'assignment or report lost on the wire');
}

/**
 * A heartbeat from a dead agent: re-admit it only when it holds nothing; otherwise cancel what it holds
 * (the engine re-placed all of it) and wait for the next heartbeat. Agents that do not report holdings
 * are trusted to have restarted empty.
 */
export function cleanSlateForReadmission(
  s: EngineState,
  ops: CoreOps,
  a: number,
  held: HeldTasks | undefined,
): boolean {
  if (held === undefined || held.taskIds.length === 0) return true;
  const agentId = s.agentSpec[a]!.id;
  for (let i = 0; i < held.taskIds.length; i++) {
    s.faults.stats.orphansCancelled++;
    ops.emit(s, { kind: 'CancelTask', taskId: held.taskIds[i]!, agentId, attempt: held.attempts[i]! });
  }
  return false;
}
