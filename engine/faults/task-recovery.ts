/**
 * Task-level recovery: a failed attempt is retried after the back-off its rule gives (exponential with
 * jitter, linear, fixed or immediate), optionally with more memory; waiting tasks are ready but outside
 * the queues until their `retry` timer fires (timers are commands, so virtual time can jump).
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { TaskState } from '../core/transitions.js';
import { classify } from './classify.js';
import { faultRandom } from './fault-state.js';
import { retryDelayMs } from './retry-policy.js';

/** Classifies a failed attempt of task `t` and returns the back-off before its retry (ms). */
export function retryBackoffMs(s: EngineState, ops: CoreOps, t: number, reason: string): number {
  const spec = s.taskSpec[t]!;
  const rule = classify(s, ops, 'task-failed', spec.id, s.taskAttempt[t]!, reason);
  if (rule?.action !== 'retry' || !rule.retry) return 0;
  const policy = rule.retry;
  if (policy.memoryFactor > 1 && spec.memoryMb > 0) {
    s.taskSpec[t] = { ...spec, memoryMb: Math.ceil(spec.memoryMb * policy.memoryFactor) };
  }
  return retryDelayMs(policy, s.taskAttempt[t]!, faultRandom(s.faults, s.random));
}

/** Parks ready task `t` until `delayMs` from now and asks for a `retry` wake-up. */
export function parkForRetry(s: EngineState, ops: CoreOps, t: number, delayMs: number): void {
  const dueMs = s.nowMs + delayMs;
  s.faults.backoff.set(t, dueMs);
  s.faults.stats.retriesBackedOff++;
  ops.emit(s, { kind: 'ArmTimer', atMs: dueMs, timer: 'retry', key: String(t) });
}

/** A `retry` timer fired: returns the task to queue now, or -1 when it no longer waits. */
export function retryDue(s: EngineState, key: string): number {
  const t = Number(key);
  const due = s.faults.backoff.get(t);
  if (due === undefined || due > s.nowMs) return -1;
  s.faults.backoff.delete(t);
  return s.taskState[t] === TaskState.Ready ? t : -1;
}
