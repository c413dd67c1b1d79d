/**
 * ctsa (the `arima` package's WebAssembly) prints diagnostics on failed fits; they must not reach stdout,
 * where they corrupted `predict backtest`'s report and, with stdout closed, crashed the process (EPIPE).
 */
import { describe, expect, it, vi } from 'vitest';
import { ARIMA, arimaDiagnostics } from '../../../engine/adapters/forecast/arima-wasm.js';

// 240 one-minute CPU readings of Alibaba v2018 machine m_1932 (points 97–336): ARIMA(4,1,4) on them makes
// ctsa print "non-stationary AR part".
const SERIES = [
  47, 44, 38, 43, 44, 52, 46, 47, 47, 44, 39, 43, 42, 55, 46, 55, 43, 38, 43, 48, 57, 55, 48, 48, 41, 52, 39,
  39, 45, 45, 61, 61, 67, 56, 42, 60, 50, 46, 44, 43, 48, 40, 52, 37, 41, 45, 33, 34, 38, 44, 37, 28, 42, 48,
  35, 34, 31, 36, 34, 41, 50, 36, 35, 35, 33, 33, 35, 27, 31, 34, 37, 39, 32, 36, 32, 37, 35, 34, 37, 33, 31,
  29, 39, 35, 36, 40, 40, 34, 33, 27, 23, 23, 28, 31, 33, 31, 31, 23, 26, 31, 26, 40, 37, 37, 32, 30, 27, 28,
  27, 25, 31, 26, 22, 28, 29, 27, 23, 35, 23, 23, 23, 23, 33, 26, 28, 24, 26, 23, 25, 25, 23, 30, 24, 25, 21,
  26, 41, 26, 29, 29, 28, 31, 36, 32, 25, 28, 32, 35, 29, 28, 25, 20, 18, 21, 18, 20, 19, 19, 21, 25, 25, 24,
  27, 32, 36, 23, 28, 22, 26, 21, 27, 31, 25, 29, 26, 32, 47, 48, 43, 45, 43, 45, 43, 43, 44, 45, 22, 26, 30,
  21, 20, 23, 25, 38, 32, 30, 28, 36, 28, 27, 42, 22, 25, 26, 25, 38, 28, 26, 26, 21, 21, 22, 23, 20, 28, 29,
  30, 31, 31, 29, 26, 28, 25, 26, 23, 23, 26, 23, 27, 29, 25, 24, 24, 25, 26, 24, 21, 25, 23, 26,
];

describe('arima diagnostics', () => {
  it('are counted, not printed', () => {
    const log = vi.spyOn(console, 'log');
    const write = vi.spyOn(process.stdout, 'write');
    const before = arimaDiagnostics().lines;
    const model = new ARIMA({ p: 4, d: 1, q: 4, verbose: false }).train(SERIES);
    model.predict(10);
    model.destroy();
    const after = arimaDiagnostics();
    expect(SERIES).toHaveLength(240);
    expect(after.lines).toBeGreaterThan(before);
    expect(after.last).toMatch(/non-stationary|Program Exiting/);
    expect(log).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
    log.mockRestore();
    write.mockRestore();
  });
});
