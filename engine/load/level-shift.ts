/**
 * Single level-shift detection on a short stretch of a series (e.g. a model's recent residuals). The split
 * is the least-squares single change in mean — the one maximising the between-part sum of squares — with
 * at least `minPoints` on each side; it counts as a level shift when the two means differ by at least
 * `threshold` pooled within-part standard deviations. Pure and deterministic.
 */
import { meanOf } from './time-series.js';

export interface LevelShift {
  /** Points after the split. */
  after: number;
  /** Mean after minus mean before. */
  change: number;
  /** |change| in pooled within-part standard deviations. */
  strength: number;
}

/** The strongest single change in mean of `r`, or undefined if `r` is too short (< 2 · `minPoints`). */
export function strongestLevelShift(r: Float64Array, minPoints: number): LevelShift | undefined {
  const n = r.length;
  if (minPoints < 1 || n < 2 * minPoints) return undefined;
  let total = 0;
  for (let i = 0; i < n; i++) total += r[i]!;
  let head = 0;
  let best = -1;
  let split = -1;
  for (let nb = 1; nb <= n - minPoints; nb++) {
    head += r[nb - 1]!;
    if (nb < minPoints) continue;
    const na = n - nb;
    const d = (total - head) / na - head / nb;
    const between = ((nb * na) / n) * d * d;
    if (between > best) {
      best = between;
      split = nb;
    }
  }
  const before = meanOf(r, 0, split);
  const after = meanOf(r, split, n);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r[i]! - (i < split ? before : after)) ** 2;
  const within = Math.sqrt(ss / Math.max(1, n - 2));
  const change = after - before;
  const strength = change === 0 ? 0 : within > 0 ? Math.abs(change) / within : Number.POSITIVE_INFINITY;
  return { after: n - split, change, strength };
}

/**
 * Points at the end of `r` after a level shift of at least `threshold` within-part standard deviations
 * with at least `minPoints` on each side, or `r.length` when there is none.
 */
export function pointsSinceLevelShift(r: Float64Array, threshold: number, minPoints: number): number {
  const s = strongestLevelShift(r, minPoints);
  return s && s.strength >= threshold ? s.after : r.length;
}
