import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsSinceLevelShift, strongestLevelShift } from '../../../engine/load/level-shift.js';
import { createRandom } from '../../../engine/model/random.js';

function noisy(levels: readonly [number, number][], sd: number, seed: number): Float64Array {
  const rng = createRandom(seed);
  const out: number[] = [];
  for (const [n, level] of levels) for (let i = 0; i < n; i++) out.push(level + sd * rng.normal());
  return Float64Array.from(out);
}

describe('level-shift detection', () => {
  it('finds a jump from 35 to 88 at the right place', () => {
    const r = noisy(
      [
        [180, 35],
        [60, 88],
      ],
      4,
      1,
    );
    const s = strongestLevelShift(r, 15)!;
    expect(s.after).toBeGreaterThanOrEqual(58);
    expect(s.after).toBeLessThanOrEqual(62);
    expect(s.change).toBeGreaterThan(45);
    expect(s.strength).toBeGreaterThan(6);
    expect(pointsSinceLevelShift(r, 6, 15)).toBe(s.after);
  });

  it('reports no shift in stationary noise, a constant, or a series too short', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(pointsSinceLevelShift(noisy([[240, 50]], 5, seed), 6, 15)).toBe(240);
    }
    expect(pointsSinceLevelShift(new Float64Array(240).fill(3), 6, 15)).toBe(240);
    expect(strongestLevelShift(new Float64Array(20), 15)).toBeUndefined();
    expect(pointsSinceLevelShift(new Float64Array(20), 6, 15)).toBe(20);
  });

  it('ignores a jump with fewer than minPoints after it', () => {
    const r = noisy(
      [
        [230, 35],
        [10, 88],
      ],
      4,
      2,
    );
    expect(strongestLevelShift(r, 15)!.after).toBeGreaterThanOrEqual(15);
    expect(pointsSinceLevelShift(r, 6, 15)).toBe(240);
  });

  it('property: the split leaves at least minPoints on each side and never reports more points than given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 0, maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        (xs, m) => {
          const r = Float64Array.from(xs);
          const s = strongestLevelShift(r, m);
          if (r.length < 2 * m) return s === undefined;
          return s !== undefined && s.after >= m && r.length - s.after >= m && s.strength >= 0;
        },
      ),
    );
  });
});
