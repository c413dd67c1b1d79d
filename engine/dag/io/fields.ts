/**
 * Field readers for parsing untrusted JSON: each names the path it reads and what it expected, so a
 * bad file yields e.g. `dags[0].tasks[3].workUnits is "abc", expected a number >= 0`.
 */
import { type DagError, dagError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

/** A `DagError` (`invalid-field`) for `path` holding `value` where `expected` was wanted. */
export function fieldError(path: string, value: unknown, expected: string, taskIds: string[] = []): DagError {
  const shown = value === undefined ? 'missing' : `${truncate(JSON.stringify(value))}`;
  return dagError('invalid-field', `${path} is ${shown}, expected ${expected}`, taskIds);
}

function truncate(s: string | undefined): string {
  if (s === undefined) return 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `value` as an object, or throws naming `path`. */
export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fieldError(path, value, 'an object');
  return value as JsonObject;
}

/** `value` as an array, or throws naming `path`. */
export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw fieldError(path, value, 'an array');
  return value;
}

/** A non-empty string, or throws naming `path`. */
export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw fieldError(path, value, 'a non-empty string');
  return value;
}

/** A finite number >= `min`, or throws naming `path`; `fallback` is used when the value is missing. */
export function asNumber(value: unknown, path: string, min: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    throw fieldError(
      path,
      value,
      min === Number.NEGATIVE_INFINITY ? 'a finite number' : `a number >= ${min}`,
    );
  return value;
}

/** An array of non-empty strings (missing → `fallback`), or throws naming the bad element. */
export function asStringList(value: unknown, path: string, fallback?: string[]): string[] {
  if (value === undefined && fallback !== undefined) return fallback;
  return asArray(value, path).map((v, i) => asString(v, `${path}[${i}]`));
}
