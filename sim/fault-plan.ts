/**
 * Expands a scenario's fault specs into timed fault events, every choice (victims, times) drawn from
 * the run's seeded `faults` stream: crashes with or without recovery, slowdowns, flapping agents
 * (crash/recover cycles), correlated cluster outages, partitions of whole clusters, and windows of
 * message loss or delay. Stragglers are not events: task runs that start inside their window are slowed
 * with the given probability (see `stragglerFactor`).
 */
import type { Random } from '../engine/model/random.js';
import type { FaultSpec } from './scenario/types.js';

export type PlannedKind = 'crash' | 'slow' | 'partition-start' | 'partition-end' | 'net-start' | 'net-end';

export interface PlannedFault {
  atMs: number;
  what: PlannedKind;
  /** Agent (crash, slow), cluster (partition) or unused (net). */
  target: number;
  /** Index of the fault spec. */
  fault: number;
}

/** `count` distinct indices from [0, n), in a seeded order (partial Fisher–Yates), ascending. */
export function sample(n: number, count: number, random: Random): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = Math.min(n, count);
  for (let i = 0; i < k; i++) {
    const j = i + random.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}

function startOf(f: FaultSpec, random: Random): number {
  return f.atMs ?? f.window!.fromMs + Math.round((f.window!.toMs - f.window!.fromMs) * random.next());
}

/** Every timed fault event of the run; `clusterOf[a]` is agent a's cluster index. */
export function planFaults(
  faults: FaultSpec[],
  clusterOf: number[],
  clusters: number,
  random: Random,
): PlannedFault[] {
  const n = clusterOf.length;
  const out: PlannedFault[] = [];
  faults.forEach((f, fi) => {
    switch (f.kind) {
      case 'crash':
      case 'slowdown':
        for (const a of sample(n, Math.round((f.share ?? 0) * n), random))
          out.push({
            atMs: startOf(f, random),
            what: f.kind === 'crash' ? 'crash' : 'slow',
            target: a,
            fault: fi,
          });
        return;
      case 'flapping':
        for (const a of sample(n, Math.max(1, Math.round((f.share ?? 0) * n)), random)) {
          const at = startOf(f, random);
          for (let k = 0; k < f.cycles!; k++)
            out.push({ atMs: at + k * (f.upMs! + f.downMs!), what: 'crash', target: a, fault: fi });
        }
        return;
      case 'cluster-outage':
      case 'partition':
        for (const c of sample(clusters, f.clusters ?? 1, random)) {
          const at = startOf(f, random);
          if (f.kind === 'partition') {
            out.push({ atMs: at, what: 'partition-start', target: c, fault: fi });
            out.push({ atMs: at + f.durationMs!, what: 'partition-end', target: c, fault: fi });
          } else {
            for (let a = 0; a < n; a++)
              if (clusterOf[a] === c) out.push({ atMs: at, what: 'crash', target: a, fault: fi });
          }
        }
        return;
      case 'message-loss':
      case 'message-delay': {
        const at = startOf(f, random);
        out.push({ atMs: at, what: 'net-start', target: 0, fault: fi });
        if (f.durationMs !== undefined)
          out.push({ atMs: at + f.durationMs, what: 'net-end', target: 0, fault: fi });
        return;
      }
      case 'straggler':
        return;
    }
  });
  return out;
}

/** How long a crash of fault `f` keeps the agent down (undefined: for good). */
export function downtimeOf(f: FaultSpec): number | undefined {
  return f.kind === 'flapping' ? f.downMs : f.recoverAfterMs;
}

/** Runtime factor for a task run starting at `nowMs` (1, or a straggler factor drawn from the seed). */
export function stragglerFactor(faults: FaultSpec[], nowMs: number, random: Random): number {
  for (const f of faults) {
    if (f.kind !== 'straggler') continue;
    const from = f.atMs ?? f.window!.fromMs;
    const to =
      f.durationMs !== undefined ? from + f.durationMs : (f.window?.toMs ?? Number.POSITIVE_INFINITY);
    if (nowMs < from || nowMs > to) continue;
    if (random.next() < (f.share ?? 0)) return f.factor ?? 1;
  }
  return 1;
}
