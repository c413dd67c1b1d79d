/**
 * `objectArray()` and `doubleArray()` exist for V8's elements kinds (see engine/core/typed-arrays.ts): a
 * plain `[]` starts with small-integer elements and changes its hidden class on the first object or
 * fraction pushed, deoptimising the code that pushes. The kinds are only observable through V8's
 * natives syntax, so a child node process checks them.
 */
import { describe, expect, it } from 'vitest';
import { withNatives } from '../../helpers/natives.js';

function kinds(expr: string): Record<string, boolean | number> {
  return withNatives([
    "import { objectArray, doubleArray } from './engine/core/typed-arrays.ts';",
    `const r = ${expr};`,
    'console.log(JSON.stringify(r));',
  ]) as Record<string, boolean | number>;
}

describe('array elements kinds', () => {
  it('objectArray() is empty, packed and already holds any value; [] holds small integers', () => {
    const r = kinds(`(() => {
      const a = objectArray(); const plain = [];
      const before = { len: a.length, object: %HasObjectElements(a), holey: %HasHoleyElements(a),
        plainSmi: %HasSmiElements(plain) };
      const mapBefore = %HaveSameMap(a, objectArray());
      a.push({ x: 1 }); a.push('s'); a.push(false);
      return { ...before, mapBefore, sameAfterPush: %HaveSameMap(a, objectArray()),
        packedAfterPush: !%HasHoleyElements(a) };
    })()`);
    expect(r).toEqual({
      len: 0,
      object: true,
      holey: false,
      plainSmi: true,
      mapBefore: true,
      sameAfterPush: true,
      packedAfterPush: true,
    });
  });

  it('doubleArray() is empty and holds doubles from the start', () => {
    const r = kinds(`(() => {
      const a = doubleArray();
      const len = a.length, double = %HasDoubleElements(a);
      a.push(0.25);
      return { len, double, sameAfterPush: %HaveSameMap(a, doubleArray()) };
    })()`);
    expect(r).toEqual({ len: 0, double: true, sameAfterPush: true });
  });
});
