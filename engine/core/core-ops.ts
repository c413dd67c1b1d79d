/**
 * The few core operations that fault recovery and balancing need (emit a command, take an agent down,
 * release a task's slots, retry a task, bring an agent back). engine.ts passes its own implementations,
 * so engine/faults and engine/balance can act on the state without importing engine.ts (no cycle).
 */
import type { EngineState } from './state.js';
import type { Command } from './stimuli.js';

export interface CoreOps {
  /** Queues a command for the driver. */
  emit(s: EngineState, c: Command): void;
  /** Removes agent `a` from service (status dead or left) and re-places every task it held. */
  takeAgentDown(s: EngineState, a: number, status: number, reason: string): void;
  /** Puts a down agent back in service, empty. */
  bringAgentUp(s: EngineState, a: number): void;
  /** Releases task `t`'s reservation on agent `a` (primary attempt). */
  releaseSlots(s: EngineState, t: number, a: number): void;
  /** After losing task `t`'s attempt: retry (after the back-off the rules give) or fail it. */
  retryOrFail(s: EngineState, t: number, reason: string): void;
  /** Moves task `t` to state `to` through the transition table (recorded in its story). */
  transition(s: EngineState, t: number, to: number, note: string): void;
  /** Handles a finish report exactly as a `TaskFinished` stimulus (stale reports are ignored). */
  finishTask(s: EngineState, taskId: string, agentId: string, attempt: number): void;
  /** Moves a ready task `t` (not queued) to agent `a` as a new attempt. */
  assign(s: EngineState, t: number, a: number): void;
}
