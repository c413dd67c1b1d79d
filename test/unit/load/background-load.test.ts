import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/model/random.js';
import { type BackgroundLoadSpec, createBackgroundLoad } from '../../../sim/background-load.js';

const HOUR = 3_600_000;
const specs: BackgroundLoadSpec[] = [
  { kind: 'constant', level: 0.3 },
  { kind: 'diurnal', mean: 0.4, amplitude: 0.3, phaseJitterMs: HOUR, noise: 0.05 },
  { kind: 'bursts', base: 0.1, burstLevel: 0.6, ratePerHour: 2, meanDurationMs: 600_000 },
  { kind: 'trace', series: [{ stepMs: 60_000, values: [0.1, 0.5, 0.9, 0.3] }], offsetJitterMs: 120_000 },
  {
    kind: 'sum',
    parts: [
      { kind: 'diurnal', mean: 0.3, amplitude: 0.2 },
      { kind: 'bursts', base: 0, burstLevel: 0.5, ratePerHour: 1, meanDurationMs: 300_000 },
    ],
  },
];

describe('background load', () => {
  it.each(specs.map((s) => [s.kind, s] as const))(
    '%s: same seed, same load, in any query order, within 0–1',
    (_k, spec) => {
      const times = Array.from({ length: 50 }, (_, i) => i * 97_000);
      const a = createBackgroundLoad(spec, createRandom(7), 5);
      const b = createBackgroundLoad(spec, createRandom(7), 5);
      const forward = times.map((t) => a.cpuAt(3, t));
      const backward = [...times]
        .reverse()
        .map((t) => b.cpuAt(3, t))
        .reverse();
      expect(backward).toEqual(forward);
      for (const v of forward) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    },
  );

  it('diurnal load peaks at the configured hour and is lowest twelve hours later', () => {
    const bg = createBackgroundLoad(
      { kind: 'diurnal', mean: 0.5, amplitude: 0.4, peakAtMs: 14 * HOUR },
      createRandom(1),
      1,
    );
    expect(bg.cpuAt(0, 14 * HOUR)).toBeCloseTo(0.9);
    expect(bg.cpuAt(0, 2 * HOUR)).toBeCloseTo(0.1);
  });

  it('bursts occupy roughly rate × duration of the time', () => {
    const bg = createBackgroundLoad(
      { kind: 'bursts', base: 0, burstLevel: 1, ratePerHour: 2, meanDurationMs: 300_000 },
      createRandom(3),
      20,
    );
    let busy = 0;
    let n = 0;
    for (let a = 0; a < 20; a++) {
      for (let t = 0; t < 48 * HOUR; t += 60_000) {
        busy += bg.cpuAt(a, t);
        n++;
      }
    }
    expect(busy / n).toBeGreaterThan(0.08);
    expect(busy / n).toBeLessThan(0.22);
  });

  it('trace replay interpolates and loops, and agents take series round-robin', () => {
    const spec: BackgroundLoadSpec = {
      kind: 'trace',
      scale: 0.01,
      series: [
        { stepMs: 60_000, values: [10, 20, 30] },
        { stepMs: 60_000, values: [50, 50, 50] },
      ],
    };
    const bg = createBackgroundLoad(spec, createRandom(1), 3);
    expect(bg.cpuAt(0, 30_000)).toBeCloseTo(0.15);
    expect(bg.cpuAt(0, 180_000)).toBeCloseTo(0.1);
    expect(bg.cpuAt(1, 12_345)).toBeCloseTo(0.5);
    expect(bg.cpuAt(2, 60_000)).toBeCloseTo(0.2);
  });

  it('a different seed gives different per-agent phases', () => {
    const spec: BackgroundLoadSpec = { kind: 'diurnal', mean: 0.5, amplitude: 0.4, phaseJitterMs: 6 * HOUR };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const a = createBackgroundLoad(spec, createRandom(seed), 2);
        const b = createBackgroundLoad(spec, createRandom(seed + 1), 2);
        expect(a.cpuAt(0, 0)).not.toBe(b.cpuAt(0, 0));
      }),
      { numRuns: 20 },
    );
  });

  it('rejects an invalid spec naming the field', () => {
    expect(() => createBackgroundLoad({ kind: 'constant', level: 2 }, createRandom(1), 1)).toThrow(
      /background.level is 2/,
    );
    expect(() => createBackgroundLoad({ kind: 'trace', series: [] }, createRandom(1), 1)).toThrow(
      /background.series/,
    );
    expect(() =>
      createBackgroundLoad(
        {
          kind: 'sum',
          parts: [{ kind: 'bursts', base: 0, burstLevel: 0.5, ratePerHour: -1, meanDurationMs: 1 }],
        },
        createRandom(1),
        1,
      ),
    ).toThrow(/background.parts\[0\].ratePerHour/);
  });
});
