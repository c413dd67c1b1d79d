/**
 * The fault pattern library and its automated responses. Detectors recognise a fixed vocabulary of
 * patterns, each at one level (task, agent, system); rules, given as data (YAML shipped in
 * rules/default-rules.yaml, parsed outside the core), say what to do about each. The first rule for a
 * pattern whose `countMin` is met applies.
 */
import type { RetryPolicy } from './fault-config.js';

export const FAULT_PATTERNS = {
  /** A task attempt failed on a healthy agent (exit code, exception). */
  'task-failed': 'task',
  /** A task runs far past its prediction. */
  straggler: 'task',
  /** A task the agent should hold is missing from its heartbeat (assignment or report lost). */
  'lost-on-wire': 'task',
  /** An agent stopped answering (phi over threshold, probes unanswered) or timed out. */
  'agent-dead': 'agent',
  /** An agent died `countMin` times within the flap window. */
  flapping: 'agent',
  /** Consecutive task failures on one agent reached the breaker limit. */
  'task-failures': 'agent',
  /** An agent's failure rate rose above the drain threshold: it is predicted to fail. */
  'failure-rate-rising': 'agent',
  /** A cluster is reachable by no one (partition or correlated outage). */
  'cluster-unreachable': 'system',
  /** More than the configured share of the fleet is down. */
  'fleet-degraded': 'system',
} as const;

export type FaultPattern = keyof typeof FAULT_PATTERNS;
export type FaultLevel = (typeof FAULT_PATTERNS)[FaultPattern];

export const FAULT_ACTIONS = [
  'retry',
  'reassign',
  'speculate',
  'quarantine',
  'open-breaker',
  'drain',
  'evacuate-cluster',
  'alert',
  'none',
] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

export interface FaultRule {
  name: string;
  pattern: FaultPattern;
  action: FaultAction;
  /** The rule applies when the pattern's count (deaths in the flap window, failures …) is at least this. */
  countMin: number;
  /** retry: the back-off policy. */
  retry?: RetryPolicy | undefined;
  /** quarantine: how long the agent is isolated before probation. */
  quarantineMs?: number | undefined;
  /** Also emit an Alert at this level. */
  alert?: 'info' | 'warning' | 'critical' | undefined;
}

/**
 * Built-in rules, used when a driver passes none. They match rules/default-rules.yaml except that a
 * failed task is retried at once (the behaviour of the engine before rules existed); the shipped YAML,
 * which the simulator and server load by default, backs off exponentially with jitter.
 */
export const DEFAULT_FAULT_RULES: readonly FaultRule[] = [
  {
    name: 'retry-failed-task',
    pattern: 'task-failed',
    action: 'retry',
    countMin: 0,
    retry: { kind: 'immediate', baseMs: 0, maxMs: 0, jitter: 0, memoryFactor: 1 },
  },
  { name: 'speculate-on-straggler', pattern: 'straggler', action: 'speculate', countMin: 0 },
  { name: 'reassign-lost-task', pattern: 'lost-on-wire', action: 'reassign', countMin: 0 },
  {
    name: 'quarantine-flapping-agent',
    pattern: 'flapping',
    action: 'quarantine',
    countMin: 3,
    quarantineMs: 60_000,
    alert: 'warning',
  },
  { name: 'reassign-from-dead-agent', pattern: 'agent-dead', action: 'reassign', countMin: 0 },
  {
    name: 'open-breaker-on-failures',
    pattern: 'task-failures',
    action: 'open-breaker',
    countMin: 0,
    alert: 'warning',
  },
  {
    name: 'drain-before-failure',
    pattern: 'failure-rate-rising',
    action: 'drain',
    countMin: 0,
    alert: 'info',
  },
  {
    name: 'evacuate-unreachable-cluster',
    pattern: 'cluster-unreachable',
    action: 'evacuate-cluster',
    countMin: 0,
    alert: 'critical',
  },
  {
    name: 'alert-fleet-degraded',
    pattern: 'fleet-degraded',
    action: 'alert',
    countMin: 0,
    alert: 'critical',
  },
];

/** The rule that applies to `pattern` with `count`, or null (no automated response). */
export function ruleFor(rules: readonly FaultRule[], pattern: FaultPattern, count: number): FaultRule | null {
  for (const r of rules) if (r.pattern === pattern && count >= r.countMin) return r;
  return null;
}
