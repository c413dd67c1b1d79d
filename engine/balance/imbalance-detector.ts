/**
 * Imbalance detection. Load of an agent = reserved slots / slots (above 1 when work waits in its
 * agent-side queue). Across alive agents (and across clusters) it computes the coefficient of variation
 * and max/mean, and the sets of overloaded and idle agents with thresholds that are both absolute and
 * relative to the mean, with hysteresis on the overloaded set so agents do not flip in and out.
 */
import { AgentHealth } from '../core/agent-health.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';

export interface ImbalanceReport {
  meanLoad: number;
  cv: number;
  maxMean: number;
  clusterCv: number;
  clusterMaxMean: number;
  overloaded: number[];
  idle: number[];
}

export function createImbalanceReport(): ImbalanceReport {
  return { meanLoad: 0, cv: 0, maxMean: 0, clusterCv: 0, clusterMaxMean: 0, overloaded: [], idle: [] };
}

/** Load of agent `a`: reserved slots over its slots. */
export function loadOf(s: EngineState, a: number): number {
  return s.agentUsedSlots[a]! / s.agentSpec[a]!.slots;
}

/** CV and max/mean of `xs[0..n)` (0 and 1 for an empty or all-zero set). */
export function spread(xs: ArrayLike<number>, n: number): { mean: number; cv: number; maxMean: number } {
  if (n === 0) return { mean: 0, cv: 0, maxMean: 1 };
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    sum += xs[i]!;
    if (xs[i]! > max) max = xs[i]!;
  }
  const mean = sum / n;
  if (mean <= 0) return { mean: 0, cv: 0, maxMean: 1 };
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i]! - mean) ** 2;
  return { mean, cv: Math.sqrt(v / n) / mean, maxMean: max / mean };
}

let loads = new Float64Array(64);

/** Fills `out` from the current state; updates the hysteresis flags in `s.balance.overloaded`. */
export function detectImbalance(s: EngineState, out: ImbalanceReport): void {
  const n = s.agentSpec.length;
  if (loads.length < n) loads = new Float64Array(n * 2);
  let k = 0;
  for (let a = 0; a < n; a++) if (s.agentStatus[a] === AgentStatus.Alive) loads[k++] = loadOf(s, a);
  const all = spread(loads, k);
  out.meanLoad = all.mean;
  out.cv = all.cv;
  out.maxMean = all.maxMean;
  clusterSpread(s, out);
  classifyAgents(s, out);
}

function clusterSpread(s: EngineState, out: ImbalanceReport): void {
  const nc = s.clusterIndex.size;
  const used = new Float64Array(nc);
  const slots = new Float64Array(nc);
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentStatus[a] !== AgentStatus.Alive) continue;
    used[s.agentClusterId[a]!]! += s.agentUsedSlots[a]!;
    slots[s.agentClusterId[a]!]! += s.agentSpec[a]!.slots;
  }
  let k = 0;
  for (let c = 0; c < nc; c++) if (slots[c]! > 0) used[k++] = used[c]! / slots[c]!;
  const cl = spread(used, k);
  out.clusterCv = cl.cv;
  out.clusterMaxMean = cl.maxMean;
}

function classifyAgents(s: EngineState, out: ImbalanceReport): void {
  const cfg = s.config.balance;
  const flags = s.balance.overloaded;
  const enter = Math.max(cfg.overloadAbs, out.meanLoad * (1 + cfg.overloadRel));
  const leave = enter - cfg.hysteresis;
  const idleAt = Math.min(cfg.idleAbs, out.meanLoad * (1 - cfg.idleRel));
  out.overloaded.length = 0;
  out.idle.length = 0;
  for (let a = 0; a < s.agentSpec.length; a++) {
    while (flags.length <= a) flags.push(0);
    if (s.agentStatus[a] !== AgentStatus.Alive) {
      flags[a] = 0;
      continue;
    }
    const load = loadOf(s, a);
    flags[a] = load > enter || (flags[a] === 1 && load > leave) ? 1 : 0;
    if (flags[a] === 1) out.overloaded.push(a);
    else if (
      load <= idleAt &&
      s.agentHealth[a] === AgentHealth.Healthy &&
      s.agentUsedSlots[a]! < s.agentSpec[a]!.slots
    )
      out.idle.push(a);
  }
  out.overloaded.sort((x, y) => loadOf(s, y) - loadOf(s, x) || x - y);
  out.idle.sort((x, y) => loadOf(s, x) - loadOf(s, y) || s.agentEffSpeed[y]! - s.agentEffSpeed[x]! || x - y);
}
