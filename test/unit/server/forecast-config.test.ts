import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../../engine/server/config-load.js';

describe('server config: forecast section', () => {
  it('is off when absent, and fills defaults when present', () => {
    expect(parseServerConfig({}).forecast).toBeUndefined();
    expect(parseServerConfig({ forecast: { model: 'arima' } }).forecast).toEqual({
      model: 'arima',
      stepMs: 60_000,
      horizonSteps: 5,
      capacity: 240,
      agentsMax: 2_000,
      lstmModelDir: undefined,
    });
  });

  it.each([
    [
      { model: 'prophet' },
      /forecast\.model: expected one of naive, ma5, seasonal-naive, arima, lstm, got "prophet"/,
    ],
    [{ model: 'ma5', stepMs: 10 }, /forecast\.stepMs: expected an integer in \[50, 86400000\], got 10/],
    [{ model: 'ma5', every: 1 }, /forecast\.every: unknown field/],
    [{ model: 'lstm' }, /forecast\.lstmModelDir: required for model lstm/],
    ['ma5', /forecast: expected an object/],
  ])('rejects %j naming the field', (forecast, message) => {
    expect(() => parseServerConfig({ forecast })).toThrow(message);
  });
});
