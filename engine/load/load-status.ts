/**
 * Status levels with hysteresis. A level is entered as soon as the load reaches its threshold and left
 * downwards only once the load falls `hysteresis` below it, so an agent hovering at a boundary does not
 * flap between levels (and flood the scheduler with alerts).
 */

export const LOAD_STATUSES = ['idle', 'normal', 'busy', 'overloaded'] as const;
export type LoadStatus = (typeof LOAD_STATUSES)[number];

/** Lower bounds (0–1 load) of the levels above idle; must satisfy normal ≤ busy ≤ overloaded. */
export interface StatusThresholds {
  normal: number;
  busy: number;
  overloaded: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { normal: 0.2, busy: 0.7, overloaded: 0.9 };

/** Rank of a status: idle 0 … overloaded 3. */
export function statusRank(s: LoadStatus): number {
  return LOAD_STATUSES.indexOf(s);
}

/** The level `load` falls in without hysteresis. */
export function rawStatus(load: number, t: StatusThresholds): LoadStatus {
  if (load >= t.overloaded) return 'overloaded';
  if (load >= t.busy) return 'busy';
  if (load >= t.normal) return 'normal';
  return 'idle';
}

/**
 * The next status from `current` for a new `load`: up immediately to the raw level; down one or more
 * levels only as far as the load is `hysteresis` below each boundary it crosses.
 */
export function nextStatus(
  current: LoadStatus,
  load: number,
  t: StatusThresholds,
  hysteresis: number,
): LoadStatus {
  const raw = rawStatus(load, t);
  if (statusRank(raw) >= statusRank(current)) return raw;
  const lowered = rawStatus(load + hysteresis, t);
  return statusRank(lowered) < statusRank(current) ? lowered : current;
}
