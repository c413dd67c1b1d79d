/** A copy of `old` in a new typed array of the same kind and `capacity` elements (zero-filled past `old`). */
export function grownTo<T extends Int32Array | Float64Array | Uint8Array>(old: T, capacity: number): T {
  const next = new (old.constructor as new (n: number) => T)(capacity);
  next.set(old);
  return next;
}

/**
 * An empty `number[]` whose elements kind is already "double". A plain `[]` starts with small-integer
 * elements and changes its hidden class the first time a fractional value (a time in ms, a load, a rate)
 * is stored, which deoptimises every optimised function that had read it; in a short run those
 * re-optimisations are a visible part of the JIT warm-up. Use it for columns that hold fractional values.
 */
export function doubleArray(): number[] {
  const a = [0.5];
  a.pop();
  return a;
}

/**
 * An empty array whose elements kind is already "any value" (objects, strings, booleans, nested arrays).
 * A plain `[]` starts with small-integer elements and changes its hidden class on the first push of an
 * object. V8 remembers that change at the literal's allocation site only while the new array is still
 * young; the engine's and simulator's per-run arrays are created, then filled after a scavenge, so every
 * run's first push deoptimised the optimised code that pushes ("not a Smi", 3–9 functions per warm run).
 */
export function objectArray<T>(): T[] {
  const a: T[] = [null as T];
  a.pop();
  return a;
}

/**
 * Zero stored as a double. V8 never keeps `-0` as a small integer, so a field initialised with it holds
 * doubles from the start; a field initialised with `0` that later receives a fractional value (a time, a
 * load) changes representation, which deprecates its object's hidden class and deoptimises every
 * optimised function that used that class (measured: the engine state's `nowMs` took 73 maps with it).
 * Numerically it is zero (`-0 === 0`, `x + -0 === x`); not for places where the sign of zero shows.
 */
export const DOUBLE_ZERO = -0;
