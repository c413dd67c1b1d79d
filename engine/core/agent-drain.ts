/**
 * Cooperative drain of an agent on an operator's request. `AgentDrainRequested`: the agent gets no new
 * work (the health policy reports it `draining`, so its slot cap is 0), what it holds keeps running, and
 * the driver is told to pass the drain on (`AgentDraining`). Once it holds nothing — its tasks finished,
 * failed, were cancelled or moved — the core reports it drained (`AgentDrained`), checked after every
 * stimulus while some agent is draining. The drain survives re-joins (each new connection hears
 * `AgentDraining` again) until `AgentDrainLifted`.
 */
import { refreshHealth } from '../faults/health-policy.js';
import type { CoreOps } from './core-ops.js';
import type { EngineState } from './state.js';

export const DrainState = { None: 0, Draining: 1, Drained: 2 } as const;

export const DRAIN_STATE_NAMES = ['none', 'draining', 'drained'] as const;

/** The drain state of agent `agentId` (`none` for an agent the core does not know). */
export function drainStateOf(s: EngineState, agentId: string): (typeof DRAIN_STATE_NAMES)[number] {
  const a = s.agentIndex.get(agentId);
  return DRAIN_STATE_NAMES[a === undefined ? 0 : s.faults.operatorDrain[a]!]!;
}

/** Starts draining agent `agentId` (no-op when unknown or already draining or drained). */
export function requestDrain(s: EngineState, ops: CoreOps, agentId: string): void {
  const a = s.agentIndex.get(agentId);
  if (a === undefined || s.faults.operatorDrain[a] !== DrainState.None) return;
  startDrain(s, ops, a);
}

/** A connection of agent `a` began (join or resumed reconnect): a drain in force is passed on again. */
export function drainOnConnected(s: EngineState, ops: CoreOps, a: number): void {
  if (s.faults.operatorDrain[a] !== DrainState.None) startDrain(s, ops, a);
}

/** Ends the drain of agent `agentId`: it may take work again (no-op when it is not under a drain). */
export function liftDrain(s: EngineState, agentId: string): void {
  const a = s.agentIndex.get(agentId);
  if (a === undefined || s.faults.operatorDrain[a] === DrainState.None) return;
  s.faults.operatorDrain[a] = DrainState.None;
  const list = s.faults.drainingAgents;
  const i = list.indexOf(a);
  if (i >= 0) list.splice(i, 1);
  refreshHealth(s, a);
}

/** Reports every draining agent that holds nothing any more as drained. */
export function settleDrains(s: EngineState, ops: CoreOps): void {
  const list = s.faults.drainingAgents;
  for (let i = list.length - 1; i >= 0; i--) {
    const a = list[i]!;
    if (s.agentRunning[a]!.size > 0 || s.agentUsedSlots[a]! > 0) continue;
    list.splice(i, 1);
    s.faults.operatorDrain[a] = DrainState.Drained;
    ops.emit(s, { kind: 'AgentDrained', agentId: s.agentSpec[a]!.id });
  }
}

function startDrain(s: EngineState, ops: CoreOps, a: number): void {
  s.faults.operatorDrain[a] = DrainState.Draining;
  if (!s.faults.drainingAgents.includes(a)) s.faults.drainingAgents.push(a);
  refreshHealth(s, a);
  ops.emit(s, { kind: 'AgentDraining', agentId: s.agentSpec[a]!.id });
}
