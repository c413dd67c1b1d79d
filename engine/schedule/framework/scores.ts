/**
 * Built-in Score plugins. Each returns a raw value per candidate; the framework normalises to 0–100.
 */
import type { ScorePlugin } from './plugin.js';

/** Earliest finish: data-ready delay + expected runtime at the agent's observed effective speed. */
export const eftScore: ScorePlugin = {
  name: 'eft',
  better: 'lower',
  score({ s, t, ready }, a) {
    return ready.delayMs(a) + s.taskSpec[t]!.workUnits / s.agentEffSpeed[a]!;
  },
  scoreBatch({ s, t, ready }, cand, n, out) {
    const work = s.taskSpec[t]!.workUnits;
    const eff = s.agentEffSpeed;
    const cluster = s.agentClusterId;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      const delay = ready.holdsParentOutput(a) ? ready.delayMs(a) : ready.clusterDelayMs(cluster[a]!);
      out[i] = delay + work / eff[a]!;
    }
  },
};

/** Load balance: share of the agent's slots in use plus the CPU load it reports from other work. */
export const balanceScore: ScorePlugin = {
  name: 'balance',
  better: 'lower',
  score({ s }, a) {
    return s.agentUsedSlots[a]! / s.agentSpec[a]!.slots + s.agentCpu[a]!;
  },
  scoreBatch({ s }, cand, n, out) {
    const used = s.agentUsedSlots;
    const cpu = s.agentCpu;
    const specs = s.agentSpec;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      out[i] = used[a]! / specs[a]!.slots + cpu[a]!;
    }
  },
};

/** Communication cost (data locality): time to bring the task's inputs to the agent. */
export const communicationScore: ScorePlugin = {
  name: 'communication',
  better: 'lower',
  score({ ready }, a) {
    return ready.delayMs(a);
  },
  scoreBatch({ s, ready }, cand, n, out) {
    const cluster = s.agentClusterId;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      out[i] = ready.holdsParentOutput(a) ? ready.delayMs(a) : ready.clusterDelayMs(cluster[a]!);
    }
  },
};

/** Energy: the agent's extra power for one busy slot times the expected runtime (joules). */
export const energyScore: ScorePlugin = {
  name: 'energy',
  better: 'lower',
  score({ s, t }, a) {
    const ag = s.agentSpec[a]!;
    const runtimeMs = s.taskSpec[t]!.workUnits / s.agentEffSpeed[a]!;
    return (((ag.powerMaxW - ag.powerIdleW) / ag.slots) * s.taskSpec[t]!.cpuDemand * runtimeMs) / 1000;
  },
  scoreBatch({ s, t }, cand, n, out) {
    const k = (s.taskSpec[t]!.workUnits * s.taskSpec[t]!.cpuDemand) / 1000;
    const eff = s.agentEffSpeed;
    const specs = s.agentSpec;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      const ag = specs[a]!;
      out[i] = (((ag.powerMaxW - ag.powerIdleW) / ag.slots) * k) / eff[a]!;
    }
  },
};

/** Predicted load: the forecast CPU load of the agent (from the load layer; 0 when unknown). */
export const predictedLoadScore: ScorePlugin = {
  name: 'predicted-load',
  better: 'lower',
  score({ s }, a) {
    return s.agentPredictedLoad[a]!;
  },
  scoreBatch({ s }, cand, n, out) {
    const load = s.agentPredictedLoad;
    for (let i = 0; i < n; i++) out[i] = load[cand[i]!]!;
  },
};

/** Historical performance of the agent on this task type: EWMA of actual / expected runtime. */
export const historyScore: ScorePlugin = {
  name: 'history',
  better: 'lower',
  score({ s, t }, a) {
    return s.agentTypePerf[a]![s.taskType[t]!] ?? s.agentPerf[a]!;
  },
  scoreBatch({ s, t }, cand, n, out) {
    const type = s.taskType[t]!;
    const byType = s.agentTypePerf;
    const perf = s.agentPerf;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      out[i] = byType[a]![type] ?? perf[a]!;
    }
  },
};

/** Task-type match: the agent advertises the task's type among its capabilities. */
export const typeMatchScore: ScorePlugin = {
  name: 'type-match',
  better: 'higher',
  score({ s, t }, a) {
    return s.agentSpec[a]!.capabilities.includes(s.taskSpec[t]!.type) ? 1 : 0;
  },
  scoreBatch({ s, t }, cand, n, out) {
    const type = s.taskSpec[t]!.type;
    const specs = s.agentSpec;
    for (let i = 0; i < n; i++) out[i] = specs[cand[i]!]!.capabilities.includes(type) ? 1 : 0;
  },
};

export const BUILTIN_SCORES: readonly ScorePlugin[] = [
  eftScore,
  balanceScore,
  communicationScore,
  energyScore,
  predictedLoadScore,
  historyScore,
  typeMatchScore,
];
