/**
 * Settings of imbalance detection and task migration. Thresholds follow the Kubernetes descheduler's
 * LowNodeUtilization idea (absolute and relative to the mean, with a band between "enter" and "leave"
 * for hysteresis); every rate is limited (`migrationsPerPassMax`).
 */

export interface BalanceConfig {
  /** Master switch: no balancing timer, no migrations when false. */
  enabled: boolean;
  /** Overloaded agents shed queued (and, where allowed, running) work to idle ones. */
  reactive: boolean;
  /** Agents forecast (`ForecastUpdated`) above `proactiveLoad` shed work before the peak. */
  proactive: boolean;
  /** Contract-net: announce, collect bids with costs, award the cheapest bidder. */
  negotiated: boolean;
  /** Balancing pass period. */
  intervalMs: number;
  /** Migrations started per pass, at most. */
  migrationsPerPassMax: number;
  /** Migrations in flight (awaiting confirmation) at most. */
  migrationsInFlightMax: number;
  /** A pass acts only when the load CV is above this … */
  cvTrigger: number;
  /** … or when max/mean load is above this. */
  maxMeanTrigger: number;
  /** Overloaded: load (reserved slots / slots) ≥ max(overloadAbs, mean × (1 + overloadRel)). */
  overloadAbs: number;
  overloadRel: number;
  /** Hysteresis: an overloaded agent stays so until its load falls this far below the enter threshold. */
  hysteresis: number;
  /** Idle: load ≤ min(idleAbs, mean × (1 − idleRel)) and a slot free now. */
  idleAbs: number;
  idleRel: number;
  /** Forecast CPU load (0–1) at which the proactive strategy sheds work from an agent. */
  proactiveLoad: number;
  /** Migrate only when benefit > cost × (1 + marginRatio) + marginMs. */
  marginRatio: number;
  marginMs: number;
  /** Set-up time on the new agent (container start, cache warm-up). */
  warmupMs: number;
  /** Move running tasks too (restart, or checkpoint → copy → switch when checkpointable). */
  migrateRunning: boolean;
  /** Task types that can checkpoint (progress survives a move). */
  checkpointableTypes: string[];
  /** Running state to copy per MB of task memory, when checkpointing (bytes). */
  stateBytesPerMb: number;
  /** Anti-thrash: a task moves at most this often … */
  migrationsPerTaskMax: number;
  /** … and not again within this long. */
  migrationCooldownMs: number;
  /** A migration request not answered within this long is forgotten (the reconciliation knows the truth). */
  handshakeTimeoutMs: number;
  /** Contract-net: candidates invited to bid per announcement. */
  bidCandidatesMax: number;
}

export const DEFAULT_BALANCE_CONFIG: BalanceConfig = {
  enabled: false,
  reactive: true,
  proactive: false,
  negotiated: false,
  intervalMs: 1000,
  migrationsPerPassMax: 20,
  migrationsInFlightMax: 200,
  cvTrigger: 0.1,
  maxMeanTrigger: 1.5,
  overloadAbs: 1,
  overloadRel: 0.2,
  hysteresis: 0.1,
  idleAbs: 0.75,
  idleRel: 0.2,
  proactiveLoad: 0.9,
  marginRatio: 0.2,
  marginMs: 200,
  warmupMs: 100,
  migrateRunning: false,
  checkpointableTypes: [],
  stateBytesPerMb: 1_000_000,
  migrationsPerTaskMax: 2,
  migrationCooldownMs: 30_000,
  handshakeTimeoutMs: 5000,
  bidCandidatesMax: 3,
};
