/**
 * Input/target encoding shared by LSTM training and prediction. A window of `lookback` raw points is
 * averaged into `lookback / aggregate` timesteps (shorter sequences train much faster and smooth noise);
 * values are centred on the window's anchor (mean of its last chunk) and divided by a fixed `scale`, so one
 * model can serve many series of similar units. With a seasonal period, each timestep also carries
 * sin/cos of its phase, which lets the network place the window within the cycle.
 */
import type { TimeSeries } from '../../load/time-series.js';

export interface LstmEncoding {
  lookback: number;
  aggregate: number;
  /** 0: no phase features. */
  period: number;
  scale: number;
}

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
 * `offset` (timesteps × features numbers) and returns the window's anchor level.
 */
export function encodeWindow(
  series: TimeSeries,
  end: number,
  enc: LstmEncoding,
  out: Float32Array,
  offset: number,
): number {
  const v = series.values;
  const steps = timesteps(enc);
  const f = featureCount(enc);
  const start = end - enc.lookback + 1;
  const anchor = chunkMean(v, end - enc.aggregate + 1, end + 1);
  const slot0 = Math.round(series.startMs / series.stepMs);
  for (let j = 0; j < steps; j++) {
    const from = start + j * enc.aggregate;
    const m = chunkMean(v, from, from + enc.aggregate);
    const at = offset + j * f;
    out[at] = (m - anchor) / enc.scale;
    if (f === 3) {
      const angle = (2 * Math.PI * ((slot0 + from + enc.aggregate - 1) % enc.period)) / enc.period;
      out[at + 1] = Math.sin(angle);
      out[at + 2] = Math.cos(angle);
    }
  }
  return anchor;
}

function chunkMean(v: Float64Array, from: number, to: number): number {
  let s = 0;
  const a = Math.max(0, from);
  for (let i = a; i < to; i++) s += v[i]!;
  return s / Math.max(1, to - a);
}
