/**
 * `withDefaults` builds the engine's configuration (engine/core/state.ts) instead of object spreads, so
 * the configuration's hidden class is the same for every engine and its fields are written once.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../engine/core/engine.js';
import { DEFAULT_ENGINE_CONFIG, withDefaults } from '../../../engine/core/state.js';
import { createRandom } from '../../../engine/model/random.js';
import { withNatives } from '../../helpers/natives.js';

describe('withDefaults', () => {
  const D = { a: 1, b: 'x', c: { n: 1 } };

  it('takes defined input values over the defaults and keeps the defaults for the rest', () => {
    expect(withDefaults(D, { a: 2 })).toEqual({ a: 2, b: 'x', c: { n: 1 } });
    expect(withDefaults(D, undefined)).toEqual(D);
    expect(withDefaults(D, {})).not.toBe(D);
  });

  it('treats an undefined input value as absent (a spread would copy the undefined)', () => {
    const r = withDefaults(D, { a: undefined, b: 'y' });
    expect(r).toEqual({ a: 1, b: 'y', c: { n: 1 } });
    expect({ ...D, ...{ a: undefined } }.a).toBeUndefined();
  });

  it('puts `over` above the input, keeps the defaults key order and appends keys only the input has', () => {
    const r = withDefaults(D, { c: { n: 2 }, extra: true } as Partial<typeof D>, { c: { n: 3 } });
    expect(r).toEqual({ a: 1, b: 'x', c: { n: 3 }, extra: true });
    expect(Object.keys(r)).toEqual(['a', 'b', 'c', 'extra']);
    // A key named like an Object.prototype member is still the input's own key.
    expect(Object.hasOwn(withDefaults(D, { toString: 'x' } as Partial<typeof D>), 'toString')).toBe(true);
  });

  it('leaves its sources unchanged', () => {
    const input = { a: 5 };
    withDefaults(D, input, { b: 'z' });
    expect(D).toEqual({ a: 1, b: 'x', c: { n: 1 } });
    expect(input).toEqual({ a: 5 });
  });

  it('gives engines the default strategy and nested defaults, with the caller’s values over them', () => {
    const e = createEngine({ faults: { phiThreshold: 12 }, maxAttempts: 7 }, createRandom(1));
    expect(e.config.strategy).toBe(DEFAULT_ENGINE_CONFIG.strategy);
    expect(e.config.maxAttempts).toBe(7);
    expect(e.config.faults.phiThreshold).toBe(12);
    expect(e.config.balance).toEqual(DEFAULT_ENGINE_CONFIG.balance);
    expect(e.config.balance).not.toBe(DEFAULT_ENGINE_CONFIG.balance);
  });

  it('builds one hidden class for every result, not the defaults’ class (V8 natives, child process)', () => {
    const r = withNatives([
      "import { withDefaults } from './engine/core/state.ts';",
      "const D = { a: 1, b: 'x', c: { n: 1 } };",
      "const w1 = withDefaults(D, { a: 2 }), w2 = withDefaults(D, { b: 'y' }, { c: { n: 3 } });",
      'console.log(JSON.stringify({ same: %HaveSameMap(w1, w2), notDefaults: !%HaveSameMap(w1, D) }));',
    ]);
    expect(r).toEqual({ same: true, notDefaults: true });
  });
});
