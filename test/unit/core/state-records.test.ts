import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBalanceState } from '../../../engine/balance/balance-state.js';
import { createEngine } from '../../../engine/core/engine.js';
import { DEFAULT_FAULT_CONFIG } from '../../../engine/faults/fault-config.js';
import { DEFAULT_FAULT_RULES } from '../../../engine/faults/fault-rules.js';
import { createFaultState } from '../../../engine/faults/fault-state.js';
import { createRandom } from '../../../engine/model/random.js';

/**
 * The engine, fault and balance states are built by constructors that assign the fields of an interface
 * merged into the class (see `EngineStateRecord` in engine/core/state.ts), so the compiler does not check
 * that every field is assigned. These tests do: the fields a fresh state has are exactly the fields its
 * interface declares, none of them undefined.
 */
function interfaceFields(file: string, name: string): string[] {
  const src = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
  const start = src.indexOf(`export interface ${name} {`);
  expect(start, `interface ${name} in ${file}`).toBeGreaterThanOrEqual(0);
  const end = src.indexOf('\n}\n', start);
  const body = src.slice(start, end);
  return [...body.matchAll(/^ {2}(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]!);
}

function expectSameFields(state: object, file: string, name: string): void {
  const declared = interfaceFields(file, name);
  expect(declared.length).toBeGreaterThan(5);
  expect(Object.keys(state).sort()).toEqual([...declared].sort());
  for (const key of declared) {
    expect((state as Record<string, unknown>)[key], `${name}.${key}`).not.toBeUndefined();
  }
}

describe('state records', () => {
  it('EngineState: a fresh engine state has every declared field and no other', () => {
    expectSameFields(createEngine({}, createRandom(1)), 'engine/core/state.ts', 'EngineState');
  });

  it('FaultState: every declared field, none undefined', () => {
    const s = createFaultState(DEFAULT_FAULT_CONFIG, DEFAULT_FAULT_RULES);
    expectSameFields(s, 'engine/faults/fault-state.ts', 'FaultState');
  });

  it('BalanceState: every declared field, none undefined', () => {
    expectSameFields(createBalanceState(), 'engine/balance/balance-state.ts', 'BalanceState');
  });

  it('two engine states built one after the other have the same fields in the same order', () => {
    const a = createEngine({}, createRandom(1));
    const b = createEngine({ strategy: 'round-robin' }, createRandom(2));
    expect(Object.keys(b)).toEqual(Object.keys(a));
  });
});
