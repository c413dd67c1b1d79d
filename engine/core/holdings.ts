/**
 * What each agent holds: the tasks whose current attempt it runs (`agentRunning`) and the speculative
 * copies it keeps (`faults.agentSpeculative`). Their total per agent is kept in the flat `agentHeldCount`,
 * so the per-heartbeat check (faults/reconcile.ts) reads one number from a contiguous array instead of
 * two Sets scattered over the heap, and `agentHoldingsVersion` moves on every change (an unchanged
 * heartbeat report against unchanged holdings needs no comparison). Every change to either set goes
 * through these functions; `checkInvariants` verifies the count.
 */
import type { EngineState } from './state.js';

export function holdRunning(s: EngineState, a: number, t: number): void {
  const set = s.agentRunning[a]!;
  const before = set.size;
  set.add(t);
  s.agentHeldCount[a]! += set.size - before;
  s.agentHoldingsVersion[a]!++;
}

export function dropRunning(s: EngineState, a: number, t: number): void {
  if (s.agentRunning[a]!.delete(t)) s.agentHeldCount[a]!--;
  s.agentHoldingsVersion[a]!++;
}

export function clearRunning(s: EngineState, a: number): void {
  s.agentHeldCount[a]! -= s.agentRunning[a]!.size;
  s.agentRunning[a]!.clear();
  s.agentHoldingsVersion[a]!++;
}

export function holdSpeculative(s: EngineState, a: number, t: number): void {
  const set = s.faults.agentSpeculative[a]!;
  const before = set.size;
  set.add(t);
  s.agentHeldCount[a]! += set.size - before;
  s.agentHoldingsVersion[a]!++;
}

export function dropSpeculative(s: EngineState, a: number, t: number): void {
  if (s.faults.agentSpeculative[a]!.delete(t)) s.agentHeldCount[a]!--;
  s.agentHoldingsVersion[a]!++;
}

export function clearSpeculative(s: EngineState, a: number): void {
  s.agentHeldCount[a]! -= s.faults.agentSpeculative[a]!.size;
  s.faults.agentSpeculative[a]!.clear();
  s.agentHoldingsVersion[a]!++;
}
