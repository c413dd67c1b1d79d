/**
 * Static or dynamic status thresholds. Dynamic thresholds follow the recent distribution of load
 * (percentiles of a history window), clamped to bounds so that "overloaded" can never drift down to a
 * load that is merely typical for a hot cluster, nor up to a level no agent can reach.
 */

import { DEFAULT_THRESHOLDS, type StatusThresholds } from './load-status.js';
import type { RollingWindow } from './rolling-window.js';

export type ThresholdPolicy =
  | { kind: 'static'; thresholds: StatusThresholds }
  | {
      kind: 'dynamic';
      /** Percentiles (0–1) of recent load that mark normal, busy and overloaded (e.g. 0.25, 0.8, 0.95). */
      quantiles: StatusThresholds;
      /** Each threshold is clamped to [min, max] of the same level. */
      min: StatusThresholds;
      max: StatusThresholds;
      /** Samples needed before percentiles replace `fallback` (default 30). */
      minSamples?: number;
      fallback?: StatusThresholds;
    };

export const DEFAULT_DYNAMIC_POLICY: ThresholdPolicy = {
  kind: 'dynamic',
  quantiles: { normal: 0.25, busy: 0.8, overloaded: 0.95 },
  min: { normal: 0.05, busy: 0.5, overloaded: 0.75 },
  max: { normal: 0.4, busy: 0.85, overloaded: 0.97 },
};

/** Thresholds in force given the policy and the recent load history. */
export function currentThresholds(policy: ThresholdPolicy, history: RollingWindow): StatusThresholds {
  if (policy.kind === 'static') return policy.thresholds;
  if (history.count < (policy.minSamples ?? 30)) return policy.fallback ?? DEFAULT_THRESHOLDS;
  const clamp = (level: keyof StatusThresholds) =>
    Math.min(policy.max[level], Math.max(policy.min[level], history.percentile(policy.quantiles[level])));
  const normal = clamp('normal');
  const busy = Math.max(normal, clamp('busy'));
  return { normal, busy, overloaded: Math.max(busy, clamp('overloaded')) };
}

/** Throws with the offending field if thresholds are not ordered 0 ≤ normal ≤ busy ≤ overloaded ≤ 1. */
export function validateThresholds(t: StatusThresholds, where = 'thresholds'): void {
  const ok = 0 <= t.normal && t.normal <= t.busy && t.busy <= t.overloaded && t.overloaded <= 1;
  if (!ok) {
    throw new Error(
      `${where}: expected 0 ≤ normal ≤ busy ≤ overloaded ≤ 1, got normal ${t.normal}, busy ${t.busy}, overloaded ${t.overloaded}`,
    );
  }
}
