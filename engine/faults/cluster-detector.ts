/**
 * Communication monitoring above single agents: when a large share of one cluster's agents goes silent
 * together, the cluster is reachable by no one (a partition or a correlated outage) rather than one
 * agent being down. That is a system-level fault: the rules evacuate it (its silent agents are declared
 * at once, no more probing) and open the cluster's breaker so work returns gradually. A large share of
 * the whole fleet down at once is reported as fleet-degraded.
 */
import type { CoreOps } from '../core/core-ops.js';
import type { EngineState } from '../core/state.js';
import { AgentStatus } from '../core/state.js';
import { refreshCluster } from './agent-recovery.js';
import { ensureBreaker, tripBreaker } from './circuit-breaker.js';
import { classify } from './classify.js';
import { declareDead } from './heartbeat-detector.js';

let bad = new Int32Array(16);
let total = new Int32Array(16);

/** Counts silent agents per cluster and classifies clusters (and the fleet) that crossed the shares. */
export function sweepClusters(s: EngineState, ops: CoreOps): void {
  // The counts depend only on agents' status, cluster and suspicion, and a pass over unchanged counts
  // changes nothing: skip while no agent's state moved since the last pass.
  const version = s.faults.agentStateVersion;
  if (version === s.faults.clustersSweptVersion) return;
  s.faults.clustersSweptVersion = version;
  const n = s.clusterIndex.size;
  if (bad.length < n) {
    bad = new Int32Array(n * 2);
    total = new Int32Array(n * 2);
  }
  bad.fill(0, 0, n);
  total.fill(0, 0, n);
  let down = 0;
  let members = 0;
  for (let a = 0; a < s.agentSpec.length; a++) {
    const st = s.agentStatus[a]!;
    if (st === AgentStatus.Left) continue;
    const c = s.agentClusterId[a]!;
    total[c]!++;
    members++;
    if (st === AgentStatus.Dead) down++;
    if (st === AgentStatus.Dead || s.faults.suspectSinceMs[a]! >= 0) bad[c]!++;
  }
  const share = s.config.faults.clusterFaultShare;
  const f = s.faults;
  for (let c = 0; c < n; c++) {
    const frac = total[c]! > 0 ? bad[c]! / total[c]! : 0;
    if (f.clusterFaultSinceMs[c]! < 0 && total[c]! >= s.config.faults.clusterFaultAgentsMin && frac >= share)
      onClusterFault(s, ops, c, frac);
    else if (f.clusterFaultSinceMs[c]! >= 0 && frac < share / 2) f.clusterFaultSinceMs[c] = -1;
  }
  sweepFleet(s, ops, members > 0 ? down / members : 0);
}

function clusterName(s: EngineState, c: number): string {
  for (const [name, id] of s.clusterIndex) if (id === c) return name;
  return `#${c}`;
}

function onClusterFault(s: EngineState, ops: CoreOps, c: number, frac: number): void {
  const f = s.faults;
  f.clusterFaultSinceMs[c] = s.nowMs;
  f.stats.clusterFaults++;
  const name = clusterName(s, c);
  const rule = classify(
    s,
    ops,
    'cluster-unreachable',
    name,
    0,
    `${Math.round(frac * 100)}% of its agents silent`,
  );
  if (rule?.action !== 'evacuate-cluster') return;
  ensureBreaker(f.clusterBreakers, c);
  tripBreaker(f.clusterBreakers, c, s.nowMs);
  for (let a = 0; a < s.agentSpec.length; a++) {
    if (s.agentClusterId[a] !== c || s.agentStatus[a] !== AgentStatus.Alive || f.suspectSinceMs[a]! < 0)
      continue;
    f.stats.declaredByCluster++;
    declareDead(s, ops, a, `cluster ${name} unreachable (partition or outage)`);
  }
  refreshCluster(s, c);
}

function sweepFleet(s: EngineState, ops: CoreOps, downShare: number): void {
  const f = s.faults;
  const share = s.config.faults.systemFaultShare;
  if (!f.fleetDegraded && downShare >= share) {
    f.fleetDegraded = true;
    classify(s, ops, 'fleet-degraded', 'fleet', 0, `${Math.round(downShare * 100)}% of agents down`);
  } else if (f.fleetDegraded && downShare < share / 2) {
    f.fleetDegraded = false;
  }
}

/** Grows the per-cluster arrays to cover cluster `c`. */
export function addFaultCluster(s: EngineState, c: number): void {
  while (s.faults.clusterFaultSinceMs.length <= c) s.faults.clusterFaultSinceMs.push(-1);
}
