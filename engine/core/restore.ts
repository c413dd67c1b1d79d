/**
 * Restart recovery inside the core: applies the progress the stores recorded before the engine stopped
 * to DAGs that were just re-submitted (`ProgressRestored`). It rebuilds state, it does not replay work:
 * completed tasks become done without a new `TaskCompleted`, in-flight attempts are reserved again on
 * their agents without a new `AssignTask` (the agent still holds them, or reconciliation re-places
 * them), gave-up and cancelled tasks settle with their DAGs, and attempt counters continue from the
 * highest recorded attempt so a new attempt never reuses a number an agent may still be running.
 */
import { expected } from '../faults/reconcile.js';
import type { AgentSpec } from '../model/types.js';
import { enqueueReady } from './classes.js';
import type { CoreOps } from './core-ops.js';
import type { EngineState } from './state.js';
import { AgentStatus, freeSlotsOf } from './state.js';
import type { HeldTasks, RestoredAgent, RestoredTask } from './stimuli.js';
import { TaskState } from './transitions.js';

/** What restoring needs from engine.ts besides the common core operations. */
export interface RestoreOps extends CoreOps {
  /** Handles an `AgentJoined` for `spec` (adds the agent, brings it up). */
  joinAgent(s: EngineState, spec: RestoredAgent['spec']): void;
  /** Counts task `t` as settled in its DAG (emits DagCompleted when it was the last). */
  settleDag(s: EngineState, t: number, failed: boolean): void;
}

/**
 * Applies restored agents and task progress (see the file comment). Unknown task ids are ignored.
 * Ready queues are emptied first and refilled at the end, so no task is searched for in a heap.
 */
export function restoreProgress(
  s: EngineState,
  ops: RestoreOps,
  agents: readonly RestoredAgent[],
  tasks: readonly RestoredTask[],
  reconnectGraceMs = 0,
): void {
  for (const ag of agents) if (!s.agentIndex.has(ag.spec.id)) ops.joinAgent(s, ag.spec);
  const ready = drainReadyQueues(s);
  const done: RestoredTask[] = [];
  const settled: RestoredTask[] = [];
  const inFlight: RestoredTask[] = [];
  for (const r of tasks) {
    const t = s.taskIndex.get(r.taskId);
    if (t === undefined) continue;
    if (s.taskAttempt[t]! < r.attempt) s.taskAttempt[t] = r.attempt;
    if (r.state === 'done') done.push(r);
    else if (r.state === 'failed' || r.state === 'cancelled') settled.push(r);
    else if (r.state === 'in-flight') inFlight.push(r);
  }
  restoreDone(s, ops, done, ready);
  for (const r of settled) settleUnrun(s, ops, s.taskIndex.get(r.taskId)!, r);
  for (const r of settled) cascade(s, ops, s.taskIndex.get(r.taskId)!, r.state === 'failed');
  for (const r of inFlight) restoreInFlight(s, ops, s.taskIndex.get(r.taskId)!, r);
  takeDownOutputHolders(s, ops, agents);
  holdLivenessChecks(s, agents, reconnectGraceMs);
  for (const t of ready) if (s.taskState[t] === TaskState.Ready) enqueueReady(s, t);
  s.dirty = true;
}

function drainReadyQueues(s: EngineState): number[] {
  const out: number[] = [];
  for (const rc of s.reqClasses) for (let t = rc.queue.pop(); t >= 0; t = rc.queue.pop()) out.push(t);
  return out;
}

/**
 * Agents restored alive have not spoken to this engine yet: they reconnect with back-off after the
 * restart. Until `graceMs` from now the liveness sweep neither suspects nor times them out (their first
 * heartbeat resets the detector as usual).
 */
function holdLivenessChecks(s: EngineState, agents: readonly RestoredAgent[], graceMs: number): void {
  if (graceMs <= 0) return;
  for (const ag of agents) {
    const a = s.agentIndex.get(ag.spec.id)!;
    if (!ag.alive || s.agentStatus[a] !== AgentStatus.Alive) continue;
    s.agentLastHeartbeatMs[a] = s.nowMs + graceMs;
    s.faults.suspectAtMs[a] = s.nowMs + graceMs;
  }
  s.faults.livenessDueMs = Number.NEGATIVE_INFINITY;
}

/** Agents restored only because they hold outputs of done tasks stay known but not alive until they rejoin. */
function takeDownOutputHolders(s: EngineState, ops: RestoreOps, agents: readonly RestoredAgent[]): void {
  for (const ag of agents) {
    const a = s.agentIndex.get(ag.spec.id)!;
    if (ag.alive || s.agentStatus[a] !== AgentStatus.Alive || s.agentRunning[a]!.size > 0) continue;
    ops.takeAgentDown(s, a, AgentStatus.Left, 'not reconnected since the restart');
  }
}

/** Marks completed tasks done, parents first (a worklist: a task is marked once its parents are). */
function restoreDone(s: EngineState, ops: RestoreOps, done: RestoredTask[], ready: number[]): void {
  let pending = done;
  for (;;) {
    const later: RestoredTask[] = [];
    for (const r of pending) {
      const t = s.taskIndex.get(r.taskId)!;
      if (s.taskState[t] === TaskState.Ready) markDone(s, ops, t, r, ready);
      else if (s.taskState[t] === TaskState.Waiting) later.push(r);
    }
    if (later.length === 0 || later.length === pending.length) return;
    pending = later;
  }
}

function markDone(s: EngineState, ops: RestoreOps, t: number, r: RestoredTask, ready: number[]): void {
  ops.transition(s, t, TaskState.Assigned, 'restored');
  ops.transition(s, t, TaskState.Done, 'restored: completed before the restart');
  const a = r.agentId === undefined ? undefined : s.agentIndex.get(r.agentId);
  s.taskAgent[t] = -1;
  s.taskOutputAgent[t] = a ?? -1;
  s.taskFinishedAtMs[t] = s.nowMs;
  s.taskCompletions[t] = 1;
  for (const c of s.taskChildren[t]!) {
    if (--s.taskPendingParents[c]! !== 0 || s.taskState[c] !== TaskState.Waiting) continue;
    ops.transition(s, c, TaskState.Ready, 'restored: parents done');
    s.taskReadyAtMs[c] = s.nowMs;
    ready.push(c);
  }
  ops.settleDag(s, t, false);
}

/** A task that gave up or was cancelled before the restart settles again, without a new command. */
function settleUnrun(s: EngineState, ops: RestoreOps, t: number, r: RestoredTask): void {
  const st = s.taskState[t]!;
  if (st !== TaskState.Waiting && st !== TaskState.Ready) return;
  const to = r.state === 'failed' ? TaskState.Failed : TaskState.Cancelled;
  ops.transition(s, t, to, `restored: ${r.reason ?? r.state} before the restart`);
  s.taskAgent[t] = -1;
  ops.settleDag(s, t, true);
}

/** Waiting descendants of a settled task can never run: they settle too (gave-up reported for failures). */
function cascade(s: EngineState, ops: RestoreOps, t: number, failed: boolean): void {
  const stack = [...s.taskChildren[t]!];
  const parentId = s.taskSpec[t]!.id;
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (s.taskState[c] !== TaskState.Waiting) continue;
    const reason = `parent ${parentId} ${failed ? 'failed' : 'cancelled'}`;
    ops.transition(s, c, failed ? TaskState.Failed : TaskState.Cancelled, reason);
    if (failed) ops.emit(s, { kind: 'TaskGaveUp', taskId: s.taskSpec[c]!.id, reason });
    ops.settleDag(s, c, true);
    for (const g of s.taskChildren[c]!) stack.push(g);
  }
}

/**
 * Reserves attempt `r.attempt` of a ready task on its agent again, when the agent is alive and has room;
 * otherwise the task stays ready and is placed anew (the agent's copy is then an orphan and is cancelled
 * when the agent reports it).
 */
function restoreInFlight(s: EngineState, ops: RestoreOps, t: number, r: RestoredTask): void {
  const a = r.agentId === undefined ? undefined : s.agentIndex.get(r.agentId);
  if (a === undefined || s.taskState[t] !== TaskState.Ready || s.agentStatus[a] !== AgentStatus.Alive) return;
  if (freeSlotsOf(s, a) < s.taskSpec[t]!.cpuDemand) return;
  s.taskAttempt[t] = r.attempt - 1;
  ops.assign(s, t, a);
  const last = s.out[s.out.length - 1];
  if (last?.kind === 'AssignTask' && last.taskId === s.taskSpec[t]!.id) s.out.pop();
  if (r.started) {
    ops.transition(s, t, TaskState.Running, 'restored: running before the restart');
    s.taskStartedAtMs[t] = s.nowMs;
  }
}

/** Whether two specs of one agent offer the same capacity (slots, memory, cluster, type, capabilities). */
function sameCapacity(a: AgentSpec, b: AgentSpec): boolean {
  if (a.slots !== b.slots || a.memoryMb !== b.memoryMb || a.cluster !== b.cluster || a.type !== b.type)
    return false;
  if (a.capabilities.length !== b.capabilities.length) return false;
  const have = new Set(a.capabilities);
  return b.capabilities.every((c) => have.has(c));
}

/**
 * An agent (re)connected holding `held`. When the core has it alive with the same capacity (a restored
 * holder of in-flight work, or a reconnect within the driver's disconnect grace) it resumes: attempts
 * the core placed on it continue, attempts it holds that the core no longer wants are cancelled, and
 * attempts the core placed that it does not hold are left alone here, because the reports it queued while
 * away (finishes above all) follow on the same stream; heartbeat reconciliation re-places whatever is
 * still unaccounted for after its grace. Any other agent joins afresh and everything it holds is cancelled
 * (the core wrote that work off when the agent left). Returns whether the agent resumed.
 */
export function reconnectAgent(s: EngineState, ops: RestoreOps, spec: AgentSpec, held: HeldTasks): boolean {
  const a = s.agentIndex.get(spec.id);
  const resume =
    a !== undefined && s.agentStatus[a] === AgentStatus.Alive && sameCapacity(s.agentSpec[a]!, spec);
  if (!resume) ops.joinAgent(s, spec);
  const b = s.agentIndex.get(spec.id)!;
  for (let i = 0; i < held.taskIds.length; i++) {
    const taskId = held.taskIds[i]!;
    const attempt = held.attempts[i]!;
    const t = s.taskIndex.get(taskId);
    if (resume && t !== undefined && expected(s, t, b, attempt)) continue;
    s.faults.stats.orphansCancelled++;
    ops.emit(s, { kind: 'CancelTask', taskId, agentId: spec.id, attempt });
  }
  if (resume) s.faults.stats.agentsResumed++;
  return resume;
}
