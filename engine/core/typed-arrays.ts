/** A copy of `old` in a new typed array of the same kind and `capacity` elements (zero-filled past `old`). */
export function grownTo<T extends Int32Array | Float64Array | Uint8Array>(old: T, capacity: number): T {
  const next = new (old.constructor as new (n: number) => T)(capacity);
  next.set(old);
  return next;
}
