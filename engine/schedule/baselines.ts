/**
 * Baseline online strategies to compare against: random, round-robin, least-loaded and
 * earliest-finish-time. Ties are broken by the lowest agent index (deterministic).
 */

import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import type { Random } from '../model/random.js';
import { DataReadyCache } from './data-ready.js';
import type { PlacementStrategy } from './strategy.js';
import { forEachCandidate } from './strategy.js';

/** Uniformly random among the agents that can take the task now (reservoir sampling, one pass). */
export function randomStrategy(random: Random): PlacementStrategy {
  return {
    name: 'random',
    select(s, t) {
      let chosen = -1;
      let seen = 0;
      forEachCandidate(s, t, (a) => {
        seen++;
        if (random.int(seen) === 0) chosen = a;
        return false;
      });
      return chosen;
    },
  };
}

/** The next agent after the previous choice, in registration order, that can take the task. */
export function roundRobinStrategy(): PlacementStrategy {
  let cursor = 0;
  return {
    name: 'round-robin',
    select(s, t) {
      const n = s.agentSpec.length;
      const spec = s.taskSpec[t]!;
      const rc = s.reqClasses[s.taskReqClass[t]!]!;
      for (let k = 0; k < n; k++) {
        const a = (cursor + k) % n;
        if (s.agentStatus[a] !== AgentStatus.Alive) continue;
        if (!rc.compatible.includes(s.agentClass[a]!)) continue;
        const ag = s.agentSpec[a]!;
        if (s.agentSlotCap[a]! - s.agentUsedSlots[a]! < spec.cpuDemand) continue;
        if (spec.memoryMb > 0 && ag.memoryMb - s.agentUsedMemMb[a]! < spec.memoryMb) continue;
        cursor = (a + 1) % n;
        return a;
      }
      return -1;
    },
  };
}

/** The agent with the lowest load: reserved slots share plus reported CPU from other work. */
export function leastLoadedStrategy(): PlacementStrategy {
  return {
    name: 'least-loaded',
    select(s, t) {
      let best = -1;
      let bestLoad = Number.POSITIVE_INFINITY;
      forEachCandidate(s, t, (a) => {
        const load = s.agentUsedSlots[a]! / s.agentSpec[a]!.slots + 0.5 * s.agentCpu[a]!;
        if (load < bestLoad) {
          bestLoad = load;
          best = a;
        }
        return false;
      });
      return best;
    },
  };
}

/**
 * Online earliest finish time: the candidate minimising data-ready delay + expected runtime, with the
 * expected runtime corrected by the agent's observed performance (effective speed). The data-ready delay
 * is the same for every agent of a cluster except the agents holding a parent's output, so the best
 * agent of a cluster is its fastest free agent (the top of the cluster's speed heap) unless a parent's
 * agent beats it; those few agents are evaluated exactly. Cost: O(classes × clusters + parents).
 */
export function eftStrategy(): PlacementStrategy {
  const ready = new DataReadyCache();
  return {
    name: 'eft',
    select(s, t) {
      ready.prepare(s, t);
      const work = s.taskSpec[t]!.workUnits;
      const rc = s.reqClasses[s.taskReqClass[t]!]!;
      // (No closure for "consider a candidate": one capturing best/bestFinish allocated a context per call.)
      let best = -1;
      let bestFinish = Number.POSITIVE_INFINITY;
      for (let i = 0; i < rc.compatible.length; i++) {
        const cls = s.agentClasses[rc.compatible[i]!]!;
        if (cls.freeSlots < s.taskSpec[t]!.cpuDemand) continue;
        for (let c = 0; c < cls.byCluster.length; c++) {
          const heap = cls.byCluster[c]!;
          if (heap.size === 0) continue;
          const top = heap.top();
          const a = fits(s, t, top) ? top : fastestFitting(s, t, heap.items);
          if (a < 0) continue;
          const finish = ready.delayMs(a) + work / s.agentEffSpeed[a]!;
          if (finish < bestFinish || (finish === bestFinish && a < best)) {
            bestFinish = finish;
            best = a;
          }
        }
      }
      // Agents holding a parent's output need no transfer for it: evaluate them exactly.
      const parents = s.taskParents[t]!;
      for (let i = 0; i < parents.length; i++) {
        const a = s.taskOutputAgent[parents[i]!]!;
        if (s.agentFreePos[a]! < 0 || !rc.compatible.includes(s.agentClass[a]!) || !fits(s, t, a)) continue;
        const finish = ready.delayMs(a) + work / s.agentEffSpeed[a]!;
        if (finish < bestFinish || (finish === bestFinish && a < best)) {
          bestFinish = finish;
          best = a;
        }
      }
      return best;
    },
  };
}

export function fits(s: EngineState, t: number, a: number): boolean {
  const spec = s.taskSpec[t]!;
  const ag = s.agentSpec[a]!;
  return (
    s.agentSlotCap[a]! - s.agentUsedSlots[a]! >= spec.cpuDemand &&
    (spec.memoryMb <= 0 || ag.memoryMb - s.agentUsedMemMb[a]! >= spec.memoryMb)
  );
}

/** The fitting agent with the highest effective speed (ties: lowest index) among `agents`, or -1. */
function fastestFitting(s: EngineState, t: number, agents: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < agents.length; i++) {
    const a = agents[i]!;
    if (!fits(s, t, a)) continue;
    if (
      best < 0 ||
      s.agentEffSpeed[a]! > s.agentEffSpeed[best]! ||
      (s.agentEffSpeed[a] === s.agentEffSpeed[best] && a < best)
    )
      best = a;
  }
  return best;
}
