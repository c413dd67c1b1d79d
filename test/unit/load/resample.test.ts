import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianIntervalMs, resampleToGrid } from '../../../engine/load/resample.js';

describe('resampling to a regular grid', () => {
  it('keeps an already regular series unchanged', () => {
    const t = [0, 60_000, 120_000, 180_000];
    const s = resampleToGrid(t, [1, 2, 3, 4], { stepMs: 60_000 });
    expect(Array.from(s.values)).toEqual([1, 2, 3, 4]);
    expect(Array.from(s.observed!)).toEqual([1, 1, 1, 1]);
  });

  it('averages samples sharing a bin and interpolates empty bins', () => {
    const s = resampleToGrid([0, 30_000, 180_000], [2, 4, 9], { stepMs: 60_000 });
    expect(Array.from(s.values)).toEqual([3, 5, 7, 9]);
  });

  it('marks points inside a long gap as unobserved', () => {
    const s = resampleToGrid([0, 600_000], [0, 10], { stepMs: 60_000, maxGapSteps: 5 });
    expect(s.values.length).toBe(11);
    expect(s.observed![0]).toBe(1);
    expect(s.observed![5]).toBe(0);
    expect(s.observed![10]).toBe(1);
  });

  it('resampled values stay within the range of the samples, in any input order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 3_600_000 }), fc.double({ min: -100, max: 100, noNaN: true })),
          {
            minLength: 1,
            maxLength: 200,
          },
        ),
        (pairs) => {
          const s = resampleToGrid(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            { stepMs: 60_000 },
          );
          const vs = pairs.map((p) => p[1]);
          for (const v of s.values) {
            expect(v).toBeGreaterThanOrEqual(Math.min(...vs) - 1e-9);
            expect(v).toBeLessThanOrEqual(Math.max(...vs) + 1e-9);
          }
        },
      ),
    );
  });

  it('median interval ignores duplicates', () => {
    expect(medianIntervalMs([0, 0, 60, 130, 190])).toBe(60);
  });
});
