/**
 * Reservable capacity per agent. An agent's slot cap is what the engine may reserve on it: its slots
 * plus the agent-side queue (`queueDepthSlots`) when healthy, one trial task on probation, nothing
 * when suspect, draining, quarantined or behind an open circuit. Free capacity (cap − reserved) drives
 * the free lists and class totals in classes.ts; every change of reserved slots or health goes through
 * here so the indexes stay exact.
 */
import { AgentHealth } from './agent-health.js';
import { adjustFreeSlots, markFree, markFull } from './classes.js';
import type { EngineState } from './state.js';
import { AgentStatus } from './state.js';

/** Blocked-until value for an agent that may not take work until its health changes. */
export const BLOCKED_FOREVER_MS = Number.MAX_SAFE_INTEGER;

/** Slots the engine may reserve on agent `a` in health `h`. */
export function capFor(s: EngineState, a: number, h: number): number {
  const slots = s.agentSpec[a]!.slots;
  if (h === AgentHealth.Healthy) return slots + s.config.queueDepthSlots;
  if (h === AgentHealth.Probation) {
    // One trial task of any size, or up to `probationSlots` slots of trial work.
    const used = s.agentUsedSlots[a]!;
    return used === 0 ? slots : Math.min(slots, Math.max(used, s.config.probationSlots));
  }
  return 0;
}

/** Free reservable slots of agent `a` now (0 when it is not alive). */
export function freeOf(s: EngineState, a: number): number {
  if (s.agentStatus[a] !== AgentStatus.Alive) return 0;
  return Math.max(0, s.agentSlotCap[a]! - s.agentUsedSlots[a]!);
}

function relist(s: EngineState, a: number, before: number): void {
  const after = freeOf(s, a);
  if (after !== before) adjustFreeSlots(s, a, after - before);
  if (after > 0) markFree(s, a);
  else markFull(s, a);
}

/** Reserves (`delta` > 0) or releases slots on agent `a`, keeping the free indexes in step. */
export function changeUsedSlots(s: EngineState, a: number, delta: number): void {
  const before = freeOf(s, a);
  s.agentUsedSlots[a]! += delta;
  if (s.agentHealth[a] === AgentHealth.Probation) s.agentSlotCap[a] = capFor(s, a, AgentHealth.Probation);
  relist(s, a, before);
}

/** Sets agent `a`'s health and recomputes its cap; the free indexes follow. */
export function setAgentHealth(s: EngineState, a: number, h: number): void {
  const before = freeOf(s, a);
  if (s.agentHealth[a] !== h) s.faults.agentStateVersion++;
  s.agentHealth[a] = h;
  s.agentSlotCap[a] = capFor(s, a, h);
  s.agentBlockedUntilMs[a] =
    h === AgentHealth.Healthy || h === AgentHealth.Probation ? 0 : BLOCKED_FOREVER_MS;
  relist(s, a, before);
  if (freeOf(s, a) > before) s.dirty = true;
}

/** Removes agent `a`'s free capacity from the indexes before it goes down. */
export function withdrawCapacity(s: EngineState, a: number): void {
  const before = freeOf(s, a);
  if (before > 0) adjustFreeSlots(s, a, -before);
  markFull(s, a);
}

/** Lists agent `a`'s free capacity after it came up (status already alive, nothing reserved). */
export function offerCapacity(s: EngineState, a: number, h: number): void {
  if (s.agentHealth[a] !== h) s.faults.agentStateVersion++;
  s.agentHealth[a] = h;
  s.agentSlotCap[a] = capFor(s, a, h);
  s.agentBlockedUntilMs[a] =
    h === AgentHealth.Healthy || h === AgentHealth.Probation ? 0 : BLOCKED_FOREVER_MS;
  relist(s, a, 0);
}
