/**
 * Input/target encoding shared by LSTM training and prediction. A window of `lookback` raw points is
 * averaged into `lookback / aggregate` timesteps (shorter sequences train much faster and smooth noise);
 * values are centred on the window's anchor (mean of its last chunk) and divided by a scale, so one model
 * can serve many series: the fixed `scale`, or with `windowScale` the window's own standard deviation
 * (floored at 5% of `scale`), which makes the model scale-free — a machine idling at 4–8% CPU is not
 * forecast with the swings of one at 20–60% (on the Alibaba v2018 machines the fixed scale let the
 * time-of-day features add swings of several % CPU to an idle machine). With a seasonal period, each timestep also carries
 * sin/cos of its phase, which lets the network place the window within the cycle.
 */
import { strongestLevelShift } from '../../load/level-shift.js';
import type { TimeSeries } from '../../load/time-series.js';

export interface LstmEncoding {
  lookback: number;
  aggregate: number;
  /** 0: no phase features. */
  period: number;
  scale: number;
  /** Scale each window by its own standard deviation (absent in models saved before it: fixed scale). */
  windowScale?: boolean;
  /**
   * A level shift of at least this many pooled standard deviations inside the lookback window (at least
   * `SHIFT_MIN_POINTS_WINDOW` points on each side) is taken out of the window's inputs: the points before it
   * are moved to the new level, so the network does not forecast a return to the old level (which it
   * learnt from the many windows where a swing did revert). 0 or absent (models saved before it): off.
   */
  shiftAdjust?: number;
}

/** Centre and scale of one encoded window: value = anchor + scale · network output. */
export interface WindowNorm {
  anchor: number;
  scale: number;
}

/** Points whose standard deviation scales a window with `windowScale` (a day of minutes). */
const SCALE_SPAN = 1440;

/** Timesteps per input sequence. */
export function timesteps(enc: LstmEncoding): number {
  return enc.lookback / enc.aggregate;
}

/** Features per timestep: 1 (value) or 3 (value, sin, cos). */
export function featureCount(enc: LstmEncoding): number {
  return enc.period > 0 ? 3 : 1;
}

/**
 * Writes the input sequence for the window ending at index `end` (inclusive) of `series` into `out` at
 * `offset` (timesteps × features numbers) and returns the window's anchor level and scale.
 */
export function encodeWindow(
  series: TimeSeries,
  end: number,
  enc: LstmEncoding,
  out: Float32Array,
  offset: number,
): WindowNorm {
  const v = series.values;
  const steps = timesteps(enc);
  const f = featureCount(enc);
  const start = end - enc.lookback + 1;
  const anchor = chunkMean(v, end - enc.aggregate + 1, end + 1);
  const scale = enc.windowScale
    ? Math.max(windowStd(v, end + 1 - SCALE_SPAN, end + 1), 0.05 * enc.scale)
    : enc.scale;
  const slot0 = Math.round(series.startMs / series.stepMs);
  const { splitAt, delta } = windowShift(v, start, end, enc.shiftAdjust ?? 0);
  for (let j = 0; j < steps; j++) {
    const from = start + j * enc.aggregate;
    const before = Math.min(enc.aggregate, Math.max(0, splitAt - from));
    const m = chunkMean(v, from, from + enc.aggregate) + (delta * before) / enc.aggregate;
    const at = offset + j * f;
    out[at] = (m - anchor) / scale;
    if (f === 3) {
      const angle = (2 * Math.PI * ((slot0 + from + enc.aggregate - 1) % enc.period)) / enc.period;
      out[at + 1] = Math.sin(angle);
      out[at + 2] = Math.cos(angle);
    }
  }
  return { anchor, scale };
}

/** Fewest points on each side of a level shift taken out of a window's inputs. */
const SHIFT_MIN_POINTS_WINDOW = 10;

/**
 * The level shift inside `v[start..end]` to take out (points before `splitAt` get `delta` added), or none
 * (`splitAt` = `start`, `delta` 0) when `threshold` is 0 or no shift reaches it.
 */
function windowShift(
  v: Float64Array,
  start: number,
  end: number,
  threshold: number,
): { splitAt: number; delta: number } {
  if (threshold <= 0 || start < 0) return { splitAt: start, delta: 0 };
  const shift = strongestLevelShift(v.subarray(start, end + 1), SHIFT_MIN_POINTS_WINDOW);
  if (!shift || shift.strength < threshold) return { splitAt: start, delta: 0 };
  return { splitAt: end + 1 - shift.after, delta: shift.change };
}

function windowStd(v: Float64Array, from: number, to: number): number {
  const a = Math.max(0, from);
  const n = Math.max(1, to - a);
  let s = 0;
  let ss = 0;
  for (let i = a; i < to; i++) {
    s += v[i]!;
    ss += v[i]! * v[i]!;
  }
  return Math.sqrt(Math.max(0, ss / n - (s / n) ** 2));
}

function chunkMean(v: Float64Array, from: number, to: number): number {
  let s = 0;
  const a = Math.max(0, from);
  for (let i = a; i < to; i++) s += v[i]!;
  return s / Math.max(1, to - a);
}
