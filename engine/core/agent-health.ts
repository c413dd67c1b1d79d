/**
 * Per-agent health as the engine believes it, one small integer per agent (`EngineState.agentHealth`).
 * Liveness (`agentStatus`: alive / dead / left) says whether the agent exists for the engine; health says
 * whether it may take new work and how much. Placement filters read `isPlaceable`; the free-capacity
 * indexes only ever list agents whose slot cap (see capacity.ts) leaves room.
 */

export const AgentHealth = {
  /** Takes work up to its slots plus the agent-side queue. */
  Healthy: 0,
  /** Missed heartbeats (phi above threshold); being probed. No new work until it answers. */
  Suspect: 1,
  /** Predicted to fail (rising failure rate) or its cluster is evacuated: running work finishes, no new work. */
  Draining: 2,
  /** Isolated (flapping, repeated failures) until a time; then on probation. */
  Quarantined: 3,
  /** Its own or its cluster's circuit breaker is open. */
  CircuitOpen: 4,
  /** Re-admitted after quarantine or a half-open breaker: a few trial tasks at a time. */
  Probation: 5,
  /** Not alive (dead or left). */
  Down: 6,
} as const;

export type AgentHealthCode = (typeof AgentHealth)[keyof typeof AgentHealth];

export const AGENT_HEALTH_NAMES = [
  'healthy',
  'suspect',
  'draining',
  'quarantined',
  'circuit-open',
  'probation',
  'down',
] as const;

/** Whether an agent in health `h` may be offered new work at all (probation: a limited amount). */
export function healthAllowsWork(h: number): boolean {
  return h === AgentHealth.Healthy || h === AgentHealth.Probation;
}
