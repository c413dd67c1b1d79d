/**
 * Negotiated migration (contract net, Smith 1980). The engine announces a task an overloaded agent
 * could give up to a few idle candidates; each candidate answers with a bid — its own estimate of how
 * long until it would finish the task (its queue plus fetching the inputs); at the next pass the engine
 * awards the task to the cheapest bidder whose bid still leaves a benefit over the cost, through the
 * usual request/confirm handshake. All of it is commands and stimuli, so it runs in simulation and live.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { estimateMove } from './migration-cost.js';
import { requestMove } from './migration-handshake.js';

/** Announces task `t` (on `from`) to up to `bidCandidatesMax` idle agents; returns whether it did. */
export function announce(s: EngineState, ops: CoreOps, t: number, from: number, idle: number[]): boolean {
  const rc = s.reqClasses[s.taskReqClass[t]!]!;
  const ids: string[] = [];
  for (const a of idle) {
    if (ids.length >= s.config.balance.bidCandidatesMax) break;
    if (a !== from && rc.compatible.includes(s.agentClass[a]!)) ids.push(s.agentSpec[a]!.id);
  }
  if (ids.length === 0) return false;
  s.balance.announced.set(t, { from, attempt: s.taskAttempt[t]!, sentAtMs: s.nowMs, bids: [] });
  s.balance.stats.announcements++;
  ops.emit(s, {
    kind: 'MigrationAnnounced',
    taskId: s.taskSpec[t]!.id,
    fromAgentId: s.agentSpec[from]!.id,
    candidateAgentIds: ids,
  });
  return true;
}

/** Records a bid for an announced task. */
export function onBid(s: EngineState, taskId: string, agentId: string, costMs: number): void {
  const t = s.taskIndex.get(taskId);
  const a = s.agentIndex.get(agentId);
  if (t === undefined || a === undefined) return;
  const ann = s.balance.announced.get(t);
  if (!ann || !(costMs >= 0)) return;
  ann.bids.push({ agent: a, costMs });
  s.balance.stats.bids++;
}

/** Awards announcements made before this pass; returns how many migrations were requested. */
export function awardBids(s: EngineState, ops: CoreOps, budget: number): number {
  const b = s.balance;
  let requested = 0;
  for (const [t, ann] of b.announced) {
    if (ann.sentAtMs >= s.nowMs) continue;
    b.announced.delete(t);
    if (requested >= budget || s.taskAgent[t] !== ann.from || s.taskAttempt[t] !== ann.attempt) continue;
    ann.bids.sort((x, y) => x.costMs - y.costMs || x.agent - y.agent);
    for (const bid of ann.bids) {
      const spec = s.taskSpec[t]!;
      if (s.agentSpec[bid.agent]!.slots - s.agentUsedSlots[bid.agent]! < spec.cpuDemand) continue;
      const est = estimateMove(s, t, ann.from, bid.agent, bid.costMs);
      if (!est.worth) break;
      requestMove(s, ops, t, ann.from, bid.agent, est);
      requested++;
      break;
    }
  }
  return requested;
}
