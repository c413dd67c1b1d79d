/**
 * Field-level comparison of tasks, shared by diff and merge. Parents are edges, not fields; `id` is
 * the key. Arrays compare by value (order matters for `requires`/`reads`/`writes` only as written).
 */
import type { TaskSpec } from '../model/types.js';

/** Every TaskSpec field that diff and merge compare, in a fixed order. */
export const TASK_FIELDS = [
  'type',
  'workUnits',
  'cpuDemand',
  'memoryMb',
  'inputBytes',
  'outputBytes',
  'priority',
  'deadlineMs',
  'requires',
  'reads',
  'writes',
] as const satisfies readonly (keyof TaskSpec)[];

export type TaskField = (typeof TASK_FIELDS)[number];

/** True when two field values are equal (arrays element-wise; `undefined` only equals `undefined`). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** True when `a` and `b` agree on every compared field (parents ignored). */
export function sameFields(a: TaskSpec, b: TaskSpec): boolean {
  return TASK_FIELDS.every((f) => sameValue(a[f], b[f]));
}

/** Copy of `task` with `field` set to `value` (removed when `value` is undefined). */
export function withField(task: TaskSpec, field: TaskField, value: unknown): TaskSpec {
  const copy: Record<string, unknown> = { ...task };
  if (value === undefined) delete copy[field];
  else copy[field] = Array.isArray(value) ? [...value] : value;
  return copy as unknown as TaskSpec;
}

/** Edge key `parent → child` (NUL-separated so ids cannot collide). */
export function edgeKey(parent: string, child: string): string {
  return `${parent}\u0000${child}`;
}
