import { describe, expect, it } from 'vitest';
import { encodeWindow, type LstmEncoding } from '../../../engine/adapters/forecast/lstm-features.js';
import type { TimeSeries } from '../../../engine/load/time-series.js';
import { createRandom } from '../../../engine/model/random.js';

/** 35% CPU with noise, jumping to 88% `since` points before the end. */
function jumpSeries(length: number, since: number, seed = 1): TimeSeries {
  const rng = createRandom(seed);
  const values = Float64Array.from({ length }, (_, i) => (i >= length - since ? 88 : 35) + 2 * rng.normal());
  return { startMs: 0, stepMs: 60_000, values };
}

const base: LstmEncoding = { lookback: 120, aggregate: 5, period: 0, scale: 10, windowScale: true };

function inputs(series: TimeSeries, enc: LstmEncoding): { x: Float32Array; anchor: number; scale: number } {
  const x = new Float32Array(enc.lookback / enc.aggregate);
  const norm = encodeWindow(series, series.values.length - 1, enc, x, 0);
  return { x, ...norm };
}

describe('LSTM window encoding around a level shift', () => {
  it('without shiftAdjust the window shows the jump; with it the points before are moved to the new level', () => {
    const s = jumpSeries(2000, 40);
    const plain = inputs(s, base);
    const adjusted = inputs(s, { ...base, shiftAdjust: 6 });
    expect(plain.anchor).toBeCloseTo(adjusted.anchor, 9);
    expect(plain.scale).toBeCloseTo(adjusted.scale, 9);
    // The oldest timestep lies before the jump: ≈ (35 − 88) / scale plainly, ≈ 0 adjusted.
    expect(plain.x[0]! * plain.scale).toBeLessThan(-45);
    expect(Math.abs(adjusted.x[0]! * adjusted.scale)).toBeLessThan(3);
    for (const v of adjusted.x) expect(Math.abs(v * adjusted.scale)).toBeLessThan(4);
  });

  it('leaves a window without a shift, and a jump too recent to be judged, unchanged', () => {
    for (const [since, enc] of [
      [1000, { ...base, shiftAdjust: 6 }],
      [5, { ...base, shiftAdjust: 6 }],
    ] as const) {
      const s = jumpSeries(2000, since, 2);
      expect(inputs(s, enc).x).toEqual(inputs(s, base).x);
    }
  });
});
