/**
 * The entry points engine.ts calls into balancing: the periodic pass (a `rebalance` timer), the
 * handshake answers, bids, and clean-up when a task or agent goes away.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { awardBids, onBid } from './contract-net.js';
import { createImbalanceReport, detectImbalance } from './imbalance-detector.js';
import { expireRequests, onMigrationConfirmed, onMigrationRefused } from './migration-handshake.js';
import { planMigrations } from './migration-planner.js';

const report = createImbalanceReport();

/** Arms the first balancing timer once balancing is enabled and the fleet has an agent. */
export function balanceStart(s: EngineState, ops: CoreOps): void {
  if (!s.config.balance.enabled || s.balance.timerArmed) return;
  s.balance.timerArmed = true;
  ops.emit(s, {
    kind: 'ArmTimer',
    atMs: s.nowMs + s.config.balance.intervalMs,
    timer: 'rebalance',
    key: 'balance',
  });
}

/** One balancing pass: detect, award bids, plan and request migrations within the per-pass limit. */
export function balancePass(s: EngineState, ops: CoreOps): void {
  const cfg = s.config.balance;
  const b = s.balance;
  b.stats.passes++;
  expireRequests(s);
  detectImbalance(s, report);
  b.stats.lastCv = report.cv;
  b.stats.lastMaxMean = report.maxMean;
  let budget = Math.min(cfg.migrationsPerPassMax, cfg.migrationsInFlightMax - b.pending.size);
  let requested = 0;
  if (cfg.negotiated && budget > 0) requested += awardBids(s, ops, budget);
  budget -= requested;
  const imbalanced = report.cv > cfg.cvTrigger || report.maxMean > cfg.maxMeanTrigger;
  if (budget > 0 && (imbalanced || cfg.proactive)) requested += planMigrations(s, ops, report, budget);
  if (requested > 0) b.stats.passesActed++;
  if (requested > b.stats.perPassMaxSeen) b.stats.perPassMaxSeen = requested;
  ops.emit(s, { kind: 'ArmTimer', atMs: s.nowMs + cfg.intervalMs, timer: 'rebalance', key: 'balance' });
}

/** The agent answered a migration request. */
export function balanceOnAnswer(
  s: EngineState,
  ops: CoreOps,
  confirmed: boolean,
  taskId: string,
  agentId: string,
  attempt: number,
  progressFraction: number,
): void {
  if (confirmed) onMigrationConfirmed(s, ops, taskId, agentId, attempt, progressFraction);
  else onMigrationRefused(s, taskId, agentId, attempt);
}

/** A contract-net bid arrived. */
export function balanceOnBid(s: EngineState, taskId: string, agentId: string, costMs: number): void {
  onBid(s, taskId, agentId, costMs);
}

/** Task `t` left its agent some other way (finished, failed, cancelled, re-placed): forget its requests. */
export function balanceForget(s: EngineState, t: number): void {
  if (s.balance.pending.size > 0) s.balance.pending.delete(t);
  if (s.balance.announced.size > 0) s.balance.announced.delete(t);
}
