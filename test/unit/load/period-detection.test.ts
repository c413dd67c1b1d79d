import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPeriod } from '../../../engine/load/period-detection.js';
import { estimateSeasonalProfile } from '../../../engine/load/seasonal-profile.js';
import { createRandom } from '../../../engine/model/random.js';
import { seasonalSeries, whiteNoise } from './synthetic.js';

describe('period detection', () => {
  it.each([12, 30, 60, 144, 288])('finds a period of %i steps under noise and a trend', (period) => {
    const s = seasonalSeries(period * 10, period, period + 7);
    const withTrend = s.values.map((v, i) => v + 0.01 * i);
    expect(Math.abs(detectPeriod(withTrend, { maxLag: 400 }) - period)).toBeLessThanOrEqual(1);
  });

  it('finds no period in white noise or a random walk', () => {
    expect(detectPeriod(whiteNoise(2000).values)).toBe(0);
    const r = createRandom(5);
    let x = 0;
    const walk = Float64Array.from({ length: 2000 }, () => (x += r.normal()));
    expect(detectPeriod(walk)).toBe(0);
  });

  it('does not depend on the level or scale of the series', () => {
    const base = seasonalSeries(600, 50, 3).values;
    const p0 = detectPeriod(base);
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (shift, scale) => {
          expect(detectPeriod(base.map((v) => v * scale + shift))).toBe(p0);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a seasonal profile of a pure cycle is strong and a profile of noise is weak', () => {
    expect(estimateSeasonalProfile(seasonalSeries(1200, 60, 4, 20, 0.5), 60).strength).toBeGreaterThan(0.9);
    expect(estimateSeasonalProfile(whiteNoise(1200), 60).strength).toBeLessThan(0.2);
  });
});
