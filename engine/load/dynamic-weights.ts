/**
 * Dynamic weights for the composite load score, over the resources cpu, memory and network.
 * - Bottleneck: the most loaded resource of an agent gets the most weight (softmax of its utilisations,
 *   scaled by base weights), so a memory-bound agent does not look idle because its CPU is.
 * - Entropy weight method (EWM): across the fleet, a resource whose utilisation varies more between
 *   agents carries more information for choosing among them, so it gets more weight.
 */
import type { LoadMetrics } from '../model/types.js';

export interface ResourceWeights {
  cpu: number;
  memory: number;
  network: number;
}

export const EQUAL_WEIGHTS: ResourceWeights = { cpu: 1 / 3, memory: 1 / 3, network: 1 / 3 };

/** Weights summing to 1, `∝ base · exp(sharpness · utilisation)`; sharpness 0 gives the normalised base. */
export function bottleneckWeights(
  m: LoadMetrics,
  base: ResourceWeights = EQUAL_WEIGHTS,
  sharpness = 4,
): ResourceWeights {
  const c = base.cpu * Math.exp(sharpness * m.cpu);
  const mem = base.memory * Math.exp(sharpness * m.memory);
  const n = base.network * Math.exp(sharpness * m.network);
  const total = c + mem + n;
  return total > 0 ? { cpu: c / total, memory: mem / total, network: n / total } : EQUAL_WEIGHTS;
}

/**
 * Entropy weights from the fleet's current metrics (one row per agent). With fewer than two agents, or
 * no variation at all, every resource gets an equal weight.
 */
export function entropyWeights(rows: readonly LoadMetrics[]): ResourceWeights {
  const n = rows.length;
  if (n < 2) return EQUAL_WEIGHTS;
  const cols = [rows.map((r) => r.cpu), rows.map((r) => r.memory), rows.map((r) => r.network)];
  const divergence = cols.map((col) => 1 - columnEntropy(col));
  const total = divergence.reduce((a, b) => a + b, 0);
  if (!(total > 1e-12)) return EQUAL_WEIGHTS;
  return { cpu: divergence[0]! / total, memory: divergence[1]! / total, network: divergence[2]! / total };
}

/** Normalised Shannon entropy (0–1) of a non-negative column; 1 when all values are equal or zero. */
function columnEntropy(col: number[]): number {
  const eps = 1e-12;
  const sum = col.reduce((a, b) => a + Math.max(0, b) + eps, 0);
  let h = 0;
  for (const x of col) {
    const p = (Math.max(0, x) + eps) / sum;
    h -= p * Math.log(p);
  }
  return h / Math.log(col.length);
}
