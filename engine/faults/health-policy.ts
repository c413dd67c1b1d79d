/**
 * Derives an agent's health from everything fault handling knows about it, in one place and in order
 * of precedence: down, drained by an operator, quarantined, circuit open (own or cluster breaker),
 * suspect, draining, probation (after quarantine or with a half-open breaker), healthy. Any change goes
 * through `refreshHealth`, which updates the agent's slot cap and the free-capacity indexes.
 */
import { AgentHealth } from '../core/agent-health.js';
import { setAgentHealth } from '../core/capacity.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import { BreakerState } from './circuit-breaker.js';

/** The health agent `a` should have now. */
export function computeHealth(s: EngineState, a: number): number {
  const f = s.faults;
  if (s.agentStatus[a] !== AgentStatus.Alive) return AgentHealth.Down;
  // An operator drain outranks every fault state: whatever else happens, the agent gets no new work.
  if (f.operatorDrain[a]! !== 0) return AgentHealth.Draining;
  if (f.quarantineUntilMs[a]! > s.nowMs) return AgentHealth.Quarantined;
  const own = f.agentBreakers.state[a] ?? BreakerState.Closed;
  const cluster = f.clusterBreakers.state[s.agentClusterId[a]!] ?? BreakerState.Closed;
  if (own === BreakerState.Open || cluster === BreakerState.Open) return AgentHealth.CircuitOpen;
  if (f.suspectSinceMs[a]! >= 0) return AgentHealth.Suspect;
  if (f.drainUntilMs[a]! > s.nowMs) return AgentHealth.Draining;
  if (f.probationLeft[a]! > 0 || own === BreakerState.HalfOpen || cluster === BreakerState.HalfOpen)
    return AgentHealth.Probation;
  return AgentHealth.Healthy;
}

/** Recomputes agent `a`'s health and applies it when it changed; returns the health in force. */
export function refreshHealth(s: EngineState, a: number): number {
  const h = computeHealth(s, a);
  if (h !== s.agentHealth[a] && s.agentStatus[a] === AgentStatus.Alive) setAgentHealth(s, a, h);
  return h;
}

/** Whether agent `a` may be offered new work now (for placement filters). */
export function isPlaceable(s: EngineState, a: number): boolean {
  const h = s.agentHealth[a];
  return s.agentStatus[a] === AgentStatus.Alive && (h === AgentHealth.Healthy || h === AgentHealth.Probation);
}
