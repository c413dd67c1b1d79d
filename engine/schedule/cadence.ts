/**
 * Scheduling cadence. `immediate` (default): a scheduling pass runs after every stimulus that changed
 * the queue or capacity. `interval`: passes run on a timer and place at most `batch` tasks each, which
 * amortises decision work when stimuli arrive faster than decisions matter (live mode under load).
 * With `adaptive`, the interval and batch follow the queue: a growing queue doubles the batch and halves
 * the interval (down to the bounds); a short queue stretches the interval and shrinks the batch.
 */

export interface CadenceConfig {
  mode: 'immediate' | 'interval';
  intervalMs: number;
  intervalMinMs: number;
  intervalMaxMs: number;
  batch: number;
  batchMin: number;
  batchMax: number;
  adaptive: boolean;
}

export const DEFAULT_CADENCE: CadenceConfig = {
  mode: 'immediate',
  intervalMs: 100,
  intervalMinMs: 10,
  intervalMaxMs: 1000,
  batch: 64,
  batchMin: 8,
  batchMax: 4096,
  adaptive: true,
};

export interface CadenceState {
  intervalMs: number;
  batch: number;
  timerArmed: boolean;
  ticks: number;
  intervalMsSum: number;
  batchSum: number;
  placed: number;
}

export function createCadenceState(c: CadenceConfig): CadenceState {
  return {
    intervalMs: c.intervalMs,
    batch: c.batch,
    timerArmed: false,
    ticks: 0,
    intervalMsSum: 0,
    batchSum: 0,
    placed: 0,
  };
}

/** Checks a cadence configuration; returns the first problem as a sentence naming the field, or null. */
export function cadenceProblem(c: CadenceConfig): string | null {
  if (c.mode !== 'immediate' && c.mode !== 'interval')
    return `scheduling.mode must be immediate or interval, got ${c.mode}`;
  if (!(c.intervalMinMs > 0 && c.intervalMinMs <= c.intervalMs && c.intervalMs <= c.intervalMaxMs)) {
    return 'scheduling: expected 0 < intervalMinMs <= intervalMs <= intervalMaxMs';
  }
  if (!(c.batchMin >= 1 && c.batchMin <= c.batch && c.batch <= c.batchMax))
    return 'scheduling: expected 1 <= batchMin <= batch <= batchMax';
  return null;
}

/**
 * After a timed pass that placed `placed` tasks with `queued` ready tasks left: the next interval and
 * batch (bounded), and the figures for the result.
 */
export function adaptCadence(c: CadenceConfig, st: CadenceState, placed: number, queued: number): void {
  st.ticks++;
  st.intervalMsSum += st.intervalMs;
  st.batchSum += st.batch;
  st.placed += placed;
  if (!c.adaptive) return;
  if (queued > st.batch) {
    st.batch = Math.min(c.batchMax, st.batch * 2);
    st.intervalMs = Math.max(c.intervalMinMs, st.intervalMs / 2);
  } else if (queued * 4 < st.batch) {
    st.batch = Math.max(c.batchMin, Math.floor(st.batch / 2));
    st.intervalMs = Math.min(c.intervalMaxMs, st.intervalMs * 1.5);
  }
}
