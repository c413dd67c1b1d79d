/**
 * Handles: the engine's own indices of a task and of an agent, sent with each assignment
 * (`AssignTask.handle`, `AssignTask.agentHandle`) and echoed by agents that support it in their reports.
 * Resolving a report through a handle is an array read and one string comparison (usually of the same
 * string object) instead of a hash lookup by id. A missing, stale or wrong handle falls back to the
 * lookup, so a handle can never make a report reach the wrong task or agent.
 */
import type { EngineState } from './state.js';

/** The index of task `taskId`, via `handle` when it names that task; undefined for an unknown id. */
export function taskOf(s: EngineState, taskId: string, handle: number | undefined): number | undefined {
  if (handle !== undefined && handle >= 0 && handle < s.taskSpec.length) {
    if (s.taskSpec[handle]!.id === taskId) return handle;
  }
  return s.taskIndex.get(taskId);
}

/** The index of agent `agentId`, via `handle` when it names that agent; undefined for an unknown id. */
export function agentOf(s: EngineState, agentId: string, handle: number | undefined): number | undefined {
  if (handle !== undefined && handle >= 0 && handle < s.agentIdAt.length) {
    if (s.agentIdAt[handle] === agentId) return handle;
  }
  return s.agentIndex.get(agentId);
}
