/**
 * Settings of fault detection and recovery. Every limit is explicit; defaults suit a heartbeat every
 * second. Rules (what to do about a classified fault) come separately as data (see fault-rules.ts).
 */

export interface RetryPolicy {
  kind: 'exponential' | 'fixed' | 'linear' | 'immediate';
  /** First delay (exponential, linear) or every delay (fixed). */
  baseMs: number;
  /** Delays never exceed this. */
  maxMs: number;
  /** Share of the delay drawn at random (0 = none, 0.2 = ±20 %), from the seeded `faults` stream. */
  jitter: number;
  /** Multiply the task's memory demand by this on each retry (resource change; 1 = unchanged). */
  memoryFactor: number;
}

export interface FaultConfig {
  /** Phi-accrual suspicion threshold (Hayashibara et al.); 8 ≈ one false alarm in 10^8 intervals. */
  phiThreshold: number;
  /** Floor of the inter-arrival standard deviation the detector uses (ms). */
  phiMinStdMs: number;
  /** EWMA factor of the inter-arrival mean and variance. */
  phiAlpha: number;
  /** How often the engine sweeps its detectors (ms); 0 = a quarter of the heartbeat interval. */
  checkIntervalMs: number;
  /** A suspect agent is probed this many times before it is declared dead (0 = declare at once). */
  probesMax: number;
  /** Time an agent has to answer one probe. */
  probeTimeoutMs: number;
  /** A task held by an agent that does not list it in a heartbeat after this long was lost on the wire. */
  reconcileGraceMs: number;
  /** Share of a cluster's agents suspect or down at once that makes it a cluster (system-level) fault. */
  clusterFaultShare: number;
  /** Clusters smaller than this are never classified as a whole (one dead agent of two is not a partition). */
  clusterFaultAgentsMin: number;
  /** Share of all agents down at once that makes it a fleet-wide (system-level) fault. */
  systemFaultShare: number;
  /** Window within which deaths of one agent count as flapping. */
  flapWindowMs: number;
  /** Task failures on one agent, consecutive, that open its circuit breaker. */
  breakerFailuresMax: number;
  /** An open breaker half-opens after this long (doubles on each re-open, up to 8×). */
  breakerOpenMs: number;
  /** Successful trial tasks on probation / half-open before an agent is healthy again. */
  probationSuccesses: number;
  /** EWMA factor of an agent's failure rate (failures per finished attempt). */
  failureRateAlpha: number;
  /** Failure rate above which an agent is drained before it fails outright. */
  drainFailureRate: number;
  /** Failure rate below which a drained agent takes work again (hysteresis). */
  undrainFailureRate: number;
  /** A running task is a straggler when it runs longer than this × its expected runtime … */
  stragglerFactor: number;
  /** … and at least this long past it (ms). */
  stragglerMinExtraMs: number;
  /** Start a speculative copy of a straggler on another agent (first finish wins). */
  speculate: boolean;
  /** Speculative copies running at once, fleet-wide. */
  speculativeCopiesMax: number;
  /** Straggler checks look at this many running tasks per sweep at most. */
  stragglerScanMax: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  kind: 'exponential',
  baseMs: 500,
  maxMs: 30_000,
  jitter: 0.2,
  memoryFactor: 1,
};

export const DEFAULT_FAULT_CONFIG: FaultConfig = {
  phiThreshold: 8,
  phiMinStdMs: 0,
  phiAlpha: 0.1,
  checkIntervalMs: 0,
  probesMax: 2,
  probeTimeoutMs: 200,
  reconcileGraceMs: 0,
  clusterFaultShare: 0.5,
  clusterFaultAgentsMin: 4,
  systemFaultShare: 0.3,
  flapWindowMs: 120_000,
  breakerFailuresMax: 5,
  breakerOpenMs: 30_000,
  probationSuccesses: 2,
  failureRateAlpha: 0.1,
  drainFailureRate: 0.5,
  undrainFailureRate: 0.2,
  stragglerFactor: 2,
  stragglerMinExtraMs: 3000,
  speculate: true,
  speculativeCopiesMax: 64,
  stragglerScanMax: 100_000,
};

/** Check interval in force: configured, or a quarter of the heartbeat interval. */
export function checkIntervalOf(cfg: FaultConfig, heartbeatIntervalMs: number): number {
  return cfg.checkIntervalMs > 0 ? cfg.checkIntervalMs : Math.max(1, Math.round(heartbeatIntervalMs / 4));
}

/** Grace before a missing task counts as lost on the wire: configured, or two heartbeat intervals. */
export function reconcileGraceOf(cfg: FaultConfig, heartbeatIntervalMs: number): number {
  return cfg.reconcileGraceMs > 0 ? cfg.reconcileGraceMs : 2 * heartbeatIntervalMs;
}

/** Floor of the detector's standard deviation: configured, or a tenth of the heartbeat interval. */
export function minStdOf(cfg: FaultConfig, heartbeatIntervalMs: number): number {
  return cfg.phiMinStdMs > 0 ? cfg.phiMinStdMs : heartbeatIntervalMs / 10;
}
