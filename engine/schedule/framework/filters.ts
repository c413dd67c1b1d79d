/**
 * Built-in Filter plugins. Capability matching is structural (candidates come from the capability
 * classes that cover the task's requirements), so these check what varies per agent.
 */
import { AgentStatus } from '../../core/state.js';
import type { DecisionContext, FilterPlugin } from './plugin.js';

/** Free slots and memory for the task's demand. */
export const capacityFilter: FilterPlugin = {
  name: 'capacity',
  filter({ s, t }, a) {
    const spec = s.taskSpec[t]!;
    const ag = s.agentSpec[a]!;
    return (
      s.agentSlotCap[a]! - s.agentUsedSlots[a]! >= spec.cpuDemand &&
      (spec.memoryMb <= 0 || ag.memoryMb - s.agentUsedMemMb[a]! >= spec.memoryMb)
    );
  },
  filterBatch({ s, t }, cand, n) {
    const spec = s.taskSpec[t]!;
    const demand = spec.cpuDemand;
    const mem = spec.memoryMb;
    const used = s.agentUsedSlots;
    const usedMem = s.agentUsedMemMb;
    const specs = s.agentSpec;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      const ag = specs[a]!;
      if (s.agentSlotCap[a]! - used[a]! >= demand && (mem <= 0 || ag.memoryMb - usedMem[a]! >= mem))
        cand[k++] = a;
    }
    return k;
  },
  reason({ s, t }, a) {
    const spec = s.taskSpec[t]!;
    const ag = s.agentSpec[a]!;
    return `needs ${spec.cpuDemand} slots / ${spec.memoryMb} MB, agent has ${s.agentSlotCap[a]! - s.agentUsedSlots[a]!} / ${ag.memoryMb - s.agentUsedMemMb[a]!} free`;
  },
};

/** No work for agents known dead, isolated, or with an open circuit (blocked until a later time). */
export const healthFilter: FilterPlugin = {
  name: 'health',
  filter({ s, nowMs }, a) {
    return s.agentStatus[a] === AgentStatus.Alive && s.agentBlockedUntilMs[a]! <= nowMs;
  },
  filterBatch({ s, nowMs }, cand, n) {
    const status = s.agentStatus;
    const blocked = s.agentBlockedUntilMs;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const a = cand[i]!;
      if (status[a] === AgentStatus.Alive && blocked[a]! <= nowMs) cand[k++] = a;
    }
    return k;
  },
  reason({ s }, a) {
    return s.agentStatus[a] !== AgentStatus.Alive
      ? 'agent is not alive'
      : `agent is blocked until ${s.agentBlockedUntilMs[a]} ms`;
  },
};

function inList(list: readonly string[] | undefined, v: string): boolean {
  return list === undefined || list.length === 0 || list.includes(v);
}

/** The task's placement constraints: allowed clusters and agent types, avoided clusters. */
export const affinityFilter: FilterPlugin = {
  name: 'affinity',
  filter({ s, t }, a) {
    const aff = s.taskSpec[t]!.affinity;
    if (!aff) return true;
    const ag = s.agentSpec[a]!;
    return (
      inList(aff.clusters, ag.cluster) &&
      inList(aff.agentTypes, ag.type) &&
      !(aff.avoidClusters ?? []).includes(ag.cluster)
    );
  },
  filterBatch(ctx, cand, n) {
    if (!ctx.s.taskSpec[ctx.t]!.affinity) return n;
    let k = 0;
    for (let i = 0; i < n; i++) if (affinityFilter.filter(ctx, cand[i]!)) cand[k++] = cand[i]!;
    return k;
  },
  reason({ s, t }, a) {
    const ag = s.agentSpec[a]!;
    return `affinity ${JSON.stringify(s.taskSpec[t]!.affinity)} excludes agent in cluster ${ag.cluster} of type ${ag.type}`;
  },
};

export const BUILTIN_FILTERS: readonly FilterPlugin[] = [capacityFilter, healthFilter, affinityFilter];

export type { DecisionContext };
