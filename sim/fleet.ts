/** Builds the agent fleet of a scenario, deterministically from its seed. */
import type { Random } from '../engine/model/random.js';
import type { AgentSpec, NetworkModel } from '../engine/model/types.js';
import type { Distribution, Scenario } from './scenario/types.js';

export function draw(d: Distribution, random: Random): number {
  if (typeof d === 'number') return d;
  if (d.dist === 'uniform') return d.min + (d.max - d.min) * random.next();
  return Math.max(d.mean * 0.05, d.mean + d.sd * random.normal());
}

/** Largest-remainder apportionment of `total` items over `shares` (normalised). */
export function apportion(total: number, shares: number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => [e - Math.floor(e), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}

/** Agents `a0000…`, types apportioned by share and interleaved, clusters assigned round-robin. */
export function buildFleet(s: Scenario, random: Random): AgentSpec[] {
  const n = s.fleet.agents;
  const clusters = s.fleet.clusters ?? 1;
  const counts = apportion(
    n,
    s.fleet.types.map((t) => t.share),
  );
  const typeOf: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) typeOf.push(i);
  });
  // Spread types evenly over clusters: interleave by stable shuffle from the seed.
  for (let i = typeOf.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [typeOf[i], typeOf[j]] = [typeOf[j]!, typeOf[i]!];
  }
  const width = String(n - 1).length;
  return typeOf.map((ti, i) => {
    const t = s.fleet.types[ti]!;
    return {
      id: `a${String(i).padStart(width, '0')}`,
      cluster: `c${i % clusters}`,
      type: t.name,
      capabilities: t.capabilities ?? [],
      slots: t.slots,
      speed: Math.round(draw(t.speed, random) * 1000) / 1000,
      memoryMb: t.memoryMb ?? 16384,
      powerIdleW: t.power?.idleW ?? 100,
      powerMaxW: t.power?.maxW ?? 250,
    };
  });
}

/** The scenario's network in engine units (bytes per ms). */
export function networkOf(s: Scenario): NetworkModel {
  const intra = s.network?.intraCluster ?? { bandwidthMBps: 1000, latencyMs: 1 };
  const inter = s.network?.interCluster ?? { bandwidthMBps: 100, latencyMs: 20 };
  return {
    intraClusterBandwidthBytesPerMs: (intra.bandwidthMBps * 1e6) / 1000,
    intraClusterLatencyMs: intra.latencyMs,
    interClusterBandwidthBytesPerMs: (inter.bandwidthMBps * 1e6) / 1000,
    interClusterLatencyMs: inter.latencyMs,
  };
}
