/**
 * Preemption for the realtime layer: an urgent task (priority at or above `urgentPriority`) at the head
 * of its queue, with no free compatible capacity, takes the slot of the least important running task on
 * a compatible agent — lowest priority first, then the most recently started (least work lost), then the
 * lowest task index. The victim is cancelled on its agent and re-queued; a preemption does not count
 * against the victim's attempt budget.
 */
import { enqueueReady } from '../core/classes.js';
import type { CoreOps } from '../core/core-ops.js';
import { AgentStatus, type EngineState } from '../core/state.js';
import { TaskState } from '../core/transitions.js';

/** Frees capacity for urgent queue heads that cannot be placed; returns how many tasks were preempted. */
export function preemptForUrgent(s: EngineState, ops: CoreOps): number {
  const cfg = s.config.preemption;
  if (!cfg.enabled) return 0;
  let done = 0;
  for (const rc of s.reqClasses) {
    if (done >= cfg.perPassMax) break;
    const head = rc.queue.peek();
    if (head < 0 || s.taskSpec[head]!.priority < cfg.urgentPriority) continue;
    if (rc.compatible.some((ac) => s.agentClasses[ac]!.freeSlots >= s.taskSpec[head]!.cpuDemand)) continue;
    const victim = pickVictim(s, head, rc.compatible);
    if (victim < 0) continue;
    preempt(s, ops, victim, head);
    done++;
  }
  return done;
}

function pickVictim(s: EngineState, urgent: number, compatible: readonly number[]): number {
  const need = s.taskSpec[urgent]!;
  let best = -1;
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentStatus[a] !== AgentStatus.Alive || !compatible.includes(s.agentClass[a]!)) continue;
    for (const v of s.agentRunning[a]!) {
      const spec = s.taskSpec[v]!;
      if (spec.priority >= need.priority) continue;
      const freed = s.agentSlotCap[a]! - s.agentUsedSlots[a]! + spec.cpuDemand;
      if (
        freed < need.cpuDemand ||
        s.agentSpec[a]!.memoryMb - s.agentUsedMemMb[a]! + spec.memoryMb < need.memoryMb
      )
        continue;
      if (best < 0 || worse(s, v, best)) best = v;
    }
  }
  return best;
}

/** Whether `v` is a better victim than `w`. */
function worse(s: EngineState, v: number, w: number): boolean {
  const pv = s.taskSpec[v]!.priority;
  const pw = s.taskSpec[w]!.priority;
  if (pv !== pw) return pv < pw;
  const sv = s.taskStartedAtMs[v]!;
  const sw = s.taskStartedAtMs[w]!;
  if (sv !== sw) return sv > sw;
  return v < w;
}

function preempt(s: EngineState, ops: CoreOps, v: number, urgent: number): void {
  const a = s.taskAgent[v]!;
  ops.emit(s, {
    kind: 'CancelTask',
    taskId: s.taskSpec[v]!.id,
    agentId: s.agentSpec[a]!.id,
    attempt: s.taskAttempt[v]!,
  });
  ops.releaseSlots(s, v, a);
  ops.transition(s, v, TaskState.Ready, `preempted by urgent task ${s.taskSpec[urgent]!.id}`);
  s.taskAgent[v] = -1;
  s.taskPreemptions[v]!++;
  s.taskReadyAtMs[v] = s.nowMs;
  s.stats.preemptions++;
  enqueueReady(s, v);
}
