/**
 * The fault and balancing figures of a run for the result document: detection beyond the basics
 * (who declared, false suspicions per agent), recovery time, retries, stragglers and speculative copies,
 * messages lost, migrations with their cost and benefit, and the makespan against the fault-free run.
 */
import type { EngineState } from '../engine/core/state.js';
import type { SimSummary } from './simulator.js';
import { percentileSorted, round } from './stats.js';

export interface FaultFigures {
  recoveryMs: { p50: number; p99: number; max: number };
  falselySuspectedAgents: number;
  suspicions: number;
  suspicionsCleared: number;
  declared: { byPhi: number; byTimeout: number; byCluster: number };
  clusterFaults: number;
  stragglers: { injected: number; detected: number; speculativeCopies: number; copiesWon: number };
  messagesLost: number;
  lostOnWire: number;
  finishesRecovered: number;
  orphansCancelled: number;
  retriesBackedOff: number;
  quarantines: number;
  breakersOpened: number;
  drains: number;
}

export interface MigrationFigures {
  requested: number;
  count: number;
  refused: number;
  timedOut: number;
  announcements: number;
  bids: number;
  costMs: number;
  benefitMs: number;
  perPassMax: number;
  perPassLimit: number;
  passes: number;
}

/** Fault figures from the simulator's summary and the engine's fault state. */
export function faultFigures(summary: SimSummary, s: EngineState): FaultFigures {
  const st = s.faults.stats;
  const rec = [...summary.recoveryMs].sort((a, b) => a - b);
  return {
    recoveryMs: {
      p50: percentileSorted(rec, 0.5),
      p99: percentileSorted(rec, 0.99),
      max: rec.length > 0 ? rec[rec.length - 1]! : 0,
    },
    falselySuspectedAgents: summary.falselySuspectedAgents,
    suspicions: st.suspicions,
    suspicionsCleared: st.suspicionsCleared,
    declared: { byPhi: st.declaredByPhi, byTimeout: st.declaredByTimeout, byCluster: st.declaredByCluster },
    clusterFaults: st.clusterFaults,
    stragglers: {
      injected: summary.stragglersInjected,
      detected: st.stragglers,
      speculativeCopies: st.speculativeCopies,
      copiesWon: st.speculativeWins,
    },
    messagesLost: summary.messagesLost,
    lostOnWire: st.lostOnWire,
    finishesRecovered: st.finishesRecovered,
    orphansCancelled: st.orphansCancelled,
    retriesBackedOff: st.retriesBackedOff,
    quarantines: st.quarantines,
    breakersOpened: st.breakersOpened,
    drains: st.drains,
  };
}

/** Migration figures from the engine's balance state. */
export function migrationFigures(s: EngineState): MigrationFigures {
  const b = s.balance.stats;
  return {
    requested: b.requested,
    count: b.confirmed,
    refused: b.refused,
    timedOut: b.timedOut,
    announcements: b.announcements,
    bids: b.bids,
    costMs: round(b.costMs, 1),
    benefitMs: round(b.benefitMs, 1),
    perPassMax: b.perPassMaxSeen,
    perPassLimit: s.config.balance.migrationsPerPassMax,
    passes: b.passes,
  };
}
