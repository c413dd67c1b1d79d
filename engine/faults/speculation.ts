/**
 * Stragglers and speculative copies. A running task far past its prediction (expected runtime on its
 * agent × `stragglerFactor`, and at least `stragglerMinExtraMs` late) is a straggler; the rules may start
 * a speculative copy on another agent. The new copy becomes the task's current attempt (attempt numbers
 * stay increasing) and the straggler is kept as its secondary; whichever finishes first wins, the other
 * is cancelled, so exactly one completion is ever recorded. If the current attempt is lost, the
 * secondary takes over instead of a retry.
 */
import { changeUsedSlots, freeOf } from '../core/capacity.js';
import type { CoreOps } from '../core/core-ops.js';
import {
  clearSpeculative,
  dropRunning,
  dropSpeculative,
  holdRunning,
  holdSpeculative,
} from '../core/holdings.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import type { InputTransfer } from '../core/stimuli.js';
import { TaskState } from '../core/transitions.js';
import { classify } from './classify.js';

/** Looks at running tasks and handles the stragglers among them (at most `stragglerScanMax`). */
export function scanStragglers(s: EngineState, ops: CoreOps): void {
  const cfg = s.config.faults;
  const f = s.faults;
  let budget = cfg.stragglerScanMax;
  const queueless = s.config.queueDepthSlots === 0;
  const found: number[] = [];
  for (let a = 0; a < s.agentSpec.length && budget > 0; a++) {
    // agentHeldCount (flat) is 0 exactly when the agent holds nothing: its Set is not touched then.
    if (s.agentHeldCount[a] === 0 || s.agentStatus[a] !== AgentStatus.Alive) continue;
    const running = s.agentRunning[a]!;
    // An agent restored after an engine restart that has not reconnected yet (its liveness is held, see
    // core/restore.ts): its tasks' elapsed time spans the outage, and it may already hold their finish
    // reports. Speculating now would start a second execution of finished work.
    if (s.agentLastHeartbeatMs[a]! > s.nowMs) continue;
    const speed = s.agentSpec[a]!.speed;
    for (const t of running) {
      if (--budget < 0) break;
      // A lost TaskStarted leaves the task "assigned": without agent-side queues it runs since assignment.
      const started =
        s.taskStartedAtMs[t]! >= 0 ? s.taskStartedAtMs[t]! : queueless ? s.taskAssignedAtMs[t]! : -1;
      if (started < 0 || s.taskState[t] === TaskState.Ready) continue;
      const expectedMs = (s.taskWorkUnits[t]! * s.agentPerf[a]!) / speed;
      const elapsed = s.nowMs - started;
      if (
        elapsed > expectedMs * cfg.stragglerFactor &&
        elapsed > expectedMs + cfg.stragglerMinExtraMs &&
        !f.straggling.has(t)
      )
        found.push(t);
    }
  }
  for (const t of found) onStraggler(s, ops, t);
}

function onStraggler(s: EngineState, ops: CoreOps, t: number): void {
  const f = s.faults;
  f.straggling.add(t);
  f.stats.stragglers++;
  const a = s.taskAgent[t]!;
  const rule = classify(
    s,
    ops,
    'straggler',
    s.taskSpec[t]!.id,
    1,
    `running on ${s.agentSpec[a]!.id} far past its prediction`,
  );
  if (rule?.action !== 'speculate' || !s.config.faults.speculate) return;
  if (f.specAgent.size >= s.config.faults.speculativeCopiesMax) return;
  const target = copyTarget(s, t, a);
  if (target >= 0) startCopy(s, ops, t, a, target);
}

/** The fastest placeable agent other than `avoid` with a free slot (not just queue room) and the memory. */
function copyTarget(s: EngineState, t: number, avoid: number): number {
  const spec = s.taskSpec[t]!;
  const rc = s.reqClasses[s.taskReqClass[t]!]!;
  let best = -1;
  for (const ac of rc.compatible) {
    for (const a of s.agentClasses[ac]!.free) {
      if (a === avoid || freeOf(s, a) < spec.cpuDemand) continue;
      if (s.agentSpec[a]!.slots - s.agentUsedSlots[a]! < spec.cpuDemand) continue;
      if (spec.memoryMb > 0 && s.agentSpec[a]!.memoryMb - s.agentUsedMemMb[a]! < spec.memoryMb) continue;
      if (best < 0 || s.agentEffSpeed[a]! > s.agentEffSpeed[best]!) best = a;
    }
  }
  return best;
}

function startCopy(s: EngineState, ops: CoreOps, t: number, from: number, to: number): void {
  const f = s.faults;
  const spec = s.taskSpec[t]!;
  dropRunning(s, from, t);
  holdSpeculative(s, from, t);
  f.specAgent.set(t, from);
  f.specAttempt.set(t, s.taskAttempt[t]!);
  s.taskAttempt[t]!++;
  s.taskAgent[t] = to;
  s.taskAssignedAtMs[t] = s.nowMs;
  s.taskStartedAtMs[t] = -1;
  holdRunning(s, to, t);
  changeUsedSlots(s, to, spec.cpuDemand);
  s.agentUsedMemMb[to]! += spec.memoryMb;
  s.agentAssignedTotal[to]!++;
  s.stats.decisions++;
  f.stats.speculativeCopies++;
  ops.emit(s, {
    kind: 'AssignTask',
    taskId: spec.id,
    agentId: s.agentSpec[to]!.id,
    attempt: s.taskAttempt[t]!,
    handle: t,
    agentHandle: to,
    inputs: inputsOf(s, t),
    speculative: true,
  });
}

function inputsOf(s: EngineState, t: number): InputTransfer[] {
  const inputs: InputTransfer[] = [];
  for (const p of s.taskParents[t]!) {
    const bytes = s.taskSpec[p]!.outputBytes;
    if (bytes > 0) inputs.push({ fromAgentId: s.agentSpec[s.taskOutputAgent[p]!]!.id, bytes });
  }
  const own = s.taskSpec[t]!.inputBytes;
  if (own > 0) inputs.push({ fromAgentId: null, bytes: own });
  return inputs;
}

/** Whether (agent `a`, `attempt`) is task `t`'s secondary (speculated straggler). */
export function isSecondary(s: EngineState, t: number, a: number, attempt: number): boolean {
  return s.faults.specAgent.get(t) === a && s.faults.specAttempt.get(t) === attempt;
}

function releaseSecondary(s: EngineState, t: number): number {
  const f = s.faults;
  const a = f.specAgent.get(t)!;
  const spec = s.taskSpec[t]!;
  dropSpeculative(s, a, t);
  f.specAgent.delete(t);
  f.specAttempt.delete(t);
  if (s.agentStatus[a] === AgentStatus.Alive) {
    changeUsedSlots(s, a, -spec.cpuDemand);
    s.agentUsedMemMb[a]! -= spec.memoryMb;
    s.dirty = true;
  }
  return a;
}

/** Ends task `t`'s secondary copy (cancelling it on its agent when `cancel`). */
export function dropSecondary(s: EngineState, ops: CoreOps, t: number, cancel: boolean): void {
  if (!s.faults.specAgent.has(t)) return;
  const attempt = s.faults.specAttempt.get(t)!;
  const a = releaseSecondary(s, t);
  if (cancel)
    ops.emit(s, { kind: 'CancelTask', taskId: s.taskSpec[t]!.id, agentId: s.agentSpec[a]!.id, attempt });
}

/**
 * Makes task `t`'s secondary its current attempt. With `cancelCurrent`, the current attempt is still
 * held (the secondary finished first): it is cancelled and released. Returns false when there is none.
 */
export function promoteSecondary(s: EngineState, ops: CoreOps, t: number, cancelCurrent: boolean): boolean {
  const f = s.faults;
  const a = f.specAgent.get(t);
  if (a === undefined) return false;
  if (cancelCurrent) {
    const cur = s.taskAgent[t]!;
    ops.emit(s, {
      kind: 'CancelTask',
      taskId: s.taskSpec[t]!.id,
      agentId: s.agentSpec[cur]!.id,
      attempt: s.taskAttempt[t]!,
    });
    ops.releaseSlots(s, t, cur);
  }
  const attempt = f.specAttempt.get(t)!;
  dropSpeculative(s, a, t);
  f.specAgent.delete(t);
  f.specAttempt.delete(t);
  holdRunning(s, a, t);
  s.taskAgent[t] = a;
  s.taskAttempt[t] = attempt;
  return true;
}

/** Drops every secondary copy held by agent `a` (it is going down; its slots are being reset). */
export function forgetSecondariesOn(s: EngineState, a: number): void {
  const f = s.faults;
  for (const t of f.agentSpeculative[a]!) {
    f.specAgent.delete(t);
    f.specAttempt.delete(t);
  }
  clearSpeculative(s, a);
}
