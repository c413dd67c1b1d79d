/**
 * Migration planning, once per balancing pass. Donors are the overloaded agents (reactive) and the
 * agents whose forecast load is above `proactiveLoad` (proactive, forecasts enter as values through
 * `ForecastUpdated`); receivers are the idle agents. Each donor sheds its newest queued tasks (and
 * running ones when allowed) while a receiver has a free slot and the cost model says the move pays,
 * never more than `migrationsPerPassMax` requests per pass and never a task in its anti-thrash cooldown.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import { TaskState } from '../core/transitions.js';
import { announce } from './contract-net.js';
import type { ImbalanceReport } from './imbalance-detector.js';
import { estimateMove } from './migration-cost.js';
import { requestMove } from './migration-handshake.js';

/** Whether task `t` may be moved now (not moving already, not too often, not too recently). */
export function movable(s: EngineState, t: number): boolean {
  const b = s.balance;
  const cfg = s.config.balance;
  const st = s.taskState[t]!;
  if (st !== TaskState.Assigned && !(st === TaskState.Running && cfg.migrateRunning)) return false;
  if (b.pending.has(t) || b.announced.has(t) || s.faults.specAgent.has(t)) return false;
  if ((b.moves.get(t) ?? 0) >= cfg.migrationsPerTaskMax) return false;
  const last = b.lastMoveMs.get(t);
  return last === undefined || s.nowMs - last >= cfg.migrationCooldownMs;
}

/** Donor agents for this pass: overloaded (reactive) and forecast to overload (proactive). */
export function donorsOf(s: EngineState, report: ImbalanceReport): number[] {
  const cfg = s.config.balance;
  const donors = cfg.reactive ? [...report.overloaded] : [];
  if (cfg.proactive) {
    for (let a = 0; a < s.agentSpec.length; a++) {
      if (s.agentStatus[a] !== AgentStatus.Alive || donors.includes(a)) continue;
      if ((s.agentPredictedLoad[a] ?? 0) >= cfg.proactiveLoad && s.agentUsedSlots[a]! > 0) donors.push(a);
    }
  }
  return donors;
}

/** Tasks agent `a` could give up, newest assignment first (most likely still queued). */
function candidatesOn(s: EngineState, a: number): number[] {
  const out: number[] = [];
  for (const t of s.agentRunning[a]!) if (movable(s, t)) out.push(t);
  out.sort((x, y) => s.taskAssignedAtMs[y]! - s.taskAssignedAtMs[x]! || y - x);
  return out;
}

/** Plans and requests migrations from donors to idle receivers; returns how many were requested. */
export function planMigrations(
  s: EngineState,
  ops: CoreOps,
  report: ImbalanceReport,
  budget: number,
): number {
  const cfg = s.config.balance;
  const promised = new Map<number, number>();
  let requested = 0;
  for (const from of donorsOf(s, report)) {
    if (requested >= budget || report.idle.length === 0) break;
    const excess = s.agentUsedSlots[from]! - s.agentSpec[from]!.slots * Math.max(1, report.meanLoad);
    let shed = 0;
    for (const t of candidatesOn(s, from)) {
      if (requested >= budget || (shed >= excess && !isForecastDonor(s, from))) break;
      const to = cfg.negotiated ? -1 : receiverFor(s, t, from, report.idle, promised);
      if (cfg.negotiated) {
        if (announce(s, ops, t, from, report.idle)) requested++;
        continue;
      }
      if (to < 0) continue;
      const est = estimateMove(s, t, from, to);
      if (!est.worth) continue;
      promised.set(to, (promised.get(to) ?? 0) + s.taskSpec[t]!.cpuDemand);
      requestMove(s, ops, t, from, to, est);
      shed += s.taskSpec[t]!.cpuDemand;
      requested++;
    }
  }
  return requested;
}

function isForecastDonor(s: EngineState, a: number): boolean {
  return s.config.balance.proactive && (s.agentPredictedLoad[a] ?? 0) >= s.config.balance.proactiveLoad;
}

/** The first idle agent (least loaded first) that can run `t` in a free slot, counting this pass's promises. */
export function receiverFor(
  s: EngineState,
  t: number,
  from: number,
  idle: number[],
  promised: Map<number, number>,
): number {
  const spec = s.taskSpec[t]!;
  const rc = s.reqClasses[s.taskReqClass[t]!]!;
  for (const a of idle) {
    if (a === from || !rc.compatible.includes(s.agentClass[a]!)) continue;
    const free = s.agentSpec[a]!.slots - s.agentUsedSlots[a]! - (promised.get(a) ?? 0);
    if (free < spec.cpuDemand) continue;
    if (spec.memoryMb > 0 && s.agentSpec[a]!.memoryMb - s.agentUsedMemMb[a]! < spec.memoryMb) continue;
    return a;
  }
  return -1;
}
