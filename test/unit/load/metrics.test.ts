import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorAccumulator, improvementPercent } from '../../../engine/load/forecast-metrics.js';

describe('forecast error metrics', () => {
  it('computes MAE, RMSE, sMAPE and MAPE on known pairs', () => {
    const acc = new ErrorAccumulator();
    acc.add(10, 12);
    acc.add(20, 16);
    const s = acc.summary();
    expect(s.mae).toBeCloseTo(3);
    expect(s.rmse).toBeCloseTo(Math.sqrt(10));
    expect(s.smape).toBeCloseTo((200 * 2) / 22 / 2 + (200 * 4) / 36 / 2);
    expect(s.mape).toBeCloseTo(20);
  });

  it('MAPE skips zero actuals while sMAPE stays defined', () => {
    const acc = new ErrorAccumulator();
    acc.add(0, 0);
    acc.add(0, 1);
    const s = acc.summary();
    expect(s.mapeSkipped).toBe(2);
    expect(Number.isNaN(s.mape)).toBe(true);
    expect(s.smape).toBeCloseTo(100);
  });

  it('sMAPE is between 0 and 200 and RMSE ≥ MAE for any pairs', () => {
    const v = fc.double({ min: -1e4, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(v, v), { minLength: 1, maxLength: 50 }), (pairs) => {
        const acc = new ErrorAccumulator();
        for (const [a, f] of pairs) acc.add(a, f);
        const s = acc.summary();
        expect(s.smape).toBeGreaterThanOrEqual(0);
        expect(s.smape).toBeLessThanOrEqual(200 + 1e-9);
        expect(s.rmse).toBeGreaterThanOrEqual(s.mae - 1e-9);
      }),
    );
  });

  it('improvement over a baseline is a signed percentage', () => {
    expect(improvementPercent(8, 10)).toBeCloseTo(20);
    expect(improvementPercent(12, 10)).toBeCloseTo(-20);
  });
});
