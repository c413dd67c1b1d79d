/**
 * What balancing remembers between passes, as plain data inside `EngineState.balance`: hysteresis
 * flags, migrations awaiting the agent's confirmation, contract-net announcements and their bids,
 * per-task anti-thrash counters, and the figures a report needs.
 */

export type MigrationMode = 'queued' | 'restart' | 'checkpoint';

export interface PendingMigration {
  from: number;
  to: number;
  attempt: number;
  mode: MigrationMode;
  sentAtMs: number;
  costMs: number;
  benefitMs: number;
}

export interface Announcement {
  from: number;
  attempt: number;
  sentAtMs: number;
  bids: { agent: number; costMs: number }[];
}

export interface BalanceStats {
  passes: number;
  passesActed: number;
  requested: number;
  confirmed: number;
  refused: number;
  timedOut: number;
  announcements: number;
  bids: number;
  /** Most migrations requested in one pass (must stay ≤ migrationsPerPassMax). */
  perPassMaxSeen: number;
  costMs: number;
  benefitMs: number;
  lastCv: number;
  lastMaxMean: number;
}

export interface BalanceState {
  /** Per agent: 1 while in the overloaded set (hysteresis memory). */
  overloaded: number[];
  pending: Map<number, PendingMigration>;
  announced: Map<number, Announcement>;
  /** Per task: migrations so far and the last time it moved. */
  moves: Map<number, number>;
  lastMoveMs: Map<number, number>;
  /** Progress carried over by a checkpointed move, per task (0–1). */
  resumeFraction: Map<number, number>;
  timerArmed: boolean;
  stats: BalanceStats;
}

export function createBalanceState(): BalanceState {
  return new BalanceStateRecord();
}

/** BalanceState built by a constructor, not an object literal: see `EngineStateRecord` in core/state.ts. */
// biome-ignore lint/correctness/noUnusedVariables: merged with the class below, which assigns its fields
interface BalanceStateRecord extends BalanceState {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
class BalanceStateRecord {
  constructor() {
    this.overloaded = [];
    this.pending = new Map();
    this.announced = new Map();
    this.moves = new Map();
    this.lastMoveMs = new Map();
    this.resumeFraction = new Map();
    this.timerArmed = false;
    this.stats = {
      passes: 0,
      passesActed: 0,
      requested: 0,
      confirmed: 0,
      refused: 0,
      timedOut: 0,
      announcements: 0,
      bids: 0,
      perPassMaxSeen: 0,
      costMs: 0,
      benefitMs: 0,
      lastCv: 0,
      lastMaxMean: 0,
    };
  }
}
