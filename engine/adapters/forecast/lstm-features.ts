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
import type { TimeSeries } from '../../load/time-series.js';

export interface LstmEncoding {
  lookback: number;
  aggregate: number;
  /** 0: no phase features. */
  period: number;
  scale: number;
  /** Scale each window by its own standard deviation (absent in models saved before it: fixed scale). */
  windowScale?: boolean;
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
  for (let j = 0; j < steps; j++) {
    const from = start + j * enc.aggregate;
    const m = chunkMean(v, from, from + enc.aggregate);
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
