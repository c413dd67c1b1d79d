/**
 * Three-way merge of DAG specs. Each side's changes relative to `base` are combined field by field and
 * edge by edge; where both sides changed the same thing differently the merge reports a conflict and
 * does not guess. The result is canonical — base tasks in base order, then new tasks by id; kept
 * parents in base order, then new parents by id — so a conflict-free merge is commutative.
 */
import type { DagSpec, TaskId, TaskSpec } from '../model/types.js';
import { tryBuildDag } from './build.js';
import { edgeSet } from './diff.js';
import { edgeKey, sameFields, sameValue, TASK_FIELDS, type TaskField, withField } from './task-fields.js';

export type MergeConflictKind =
  | 'field'
  | 'both-added'
  | 'delete-modify'
  | 'edge-to-removed-task'
  | 'label'
  | 'invalid-result';

export interface MergeConflict {
  kind: MergeConflictKind;
  taskIds: TaskId[];
  /** The field (or label key) both sides changed, where it applies. */
  field?: string;
  ours?: unknown;
  theirs?: unknown;
  message: string;
}

export type MergeResult = { ok: true; merged: DagSpec } | { ok: false; conflicts: MergeConflict[] };

/** Merges `ours` and `theirs`, both derived from `base`. The merged DAG keeps `ours.id`. */
export function mergeDags(base: DagSpec, ours: DagSpec, theirs: DagSpec): MergeResult {
  const conflicts: MergeConflict[] = [];
  const tasks = mergeTasks(base, ours, theirs, conflicts);
  const parents = mergeEdges(base, ours, theirs, tasks, conflicts);
  const labels = mergeLabels(base.labels, ours.labels, theirs.labels, conflicts);
  if (conflicts.length > 0) return { ok: false, conflicts };
  const merged: DagSpec = {
    id: ours.id,
    tasks: [...tasks.values()].map((t) => ({ ...t, parents: parents.get(t.id)! })),
  };
  if (labels !== undefined) merged.labels = labels;
  const built = tryBuildDag(merged);
  if (!built.ok) {
    for (const issue of built.issues)
      conflicts.push({
        kind: 'invalid-result',
        taskIds: [...issue.taskIds],
        message: `merged dag is invalid: ${issue.message}`,
      });
    return { ok: false, conflicts };
  }
  return { ok: true, merged };
}

function canonicalIds(base: DagSpec, ours: DagSpec, theirs: DagSpec): TaskId[] {
  const inBase = new Set(base.tasks.map((t) => t.id));
  const added = new Set<TaskId>();
  for (const t of [...ours.tasks, ...theirs.tasks]) if (!inBase.has(t.id)) added.add(t.id);
  return [...base.tasks.map((t) => t.id), ...[...added].sort(compareIds)];
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function mergeTasks(
  base: DagSpec,
  ours: DagSpec,
  theirs: DagSpec,
  conflicts: MergeConflict[],
): Map<TaskId, TaskSpec> {
  const b = new Map(base.tasks.map((t) => [t.id, t] as const));
  const o = new Map(ours.tasks.map((t) => [t.id, t] as const));
  const t = new Map(theirs.tasks.map((x) => [x.id, x] as const));
  const out = new Map<TaskId, TaskSpec>();
  for (const id of canonicalIds(base, ours, theirs)) {
    const merged = mergeTask(id, b.get(id), o.get(id), t.get(id), conflicts);
    if (merged !== undefined) out.set(id, merged);
  }
  return out;
}

function mergeTask(
  id: TaskId,
  b: TaskSpec | undefined,
  o: TaskSpec | undefined,
  t: TaskSpec | undefined,
  conflicts: MergeConflict[],
): TaskSpec | undefined {
  if (b === undefined) {
    if (o && t && !sameFields(o, t))
      conflicts.push({
        kind: 'both-added',
        taskIds: [id],
        message: `task "${id}" was added on both sides with different fields`,
      });
    return o ?? t;
  }
  if (o === undefined || t === undefined) {
    const kept = o ?? t;
    if (kept && !sameFields(kept, b))
      conflicts.push({
        kind: 'delete-modify',
        taskIds: [id],
        message: `task "${id}" was removed on one side and changed on the other`,
      });
    return undefined;
  }
  let merged: TaskSpec = { ...b };
  for (const f of TASK_FIELDS) merged = withField(merged, f, mergeField(id, f, b[f], o[f], t[f], conflicts));
  return merged;
}

function mergeField(
  id: TaskId,
  f: TaskField,
  b: unknown,
  o: unknown,
  t: unknown,
  conflicts: MergeConflict[],
): unknown {
  if (sameValue(o, b)) return t;
  if (sameValue(t, b) || sameValue(o, t)) return o;
  conflicts.push({
    kind: 'field',
    taskIds: [id],
    field: f,
    ours: o,
    theirs: t,
    message: `task "${id}": both sides changed ${f}`,
  });
  return o;
}

function mergeEdges(
  base: DagSpec,
  ours: DagSpec,
  theirs: DagSpec,
  tasks: Map<TaskId, TaskSpec>,
  conflicts: MergeConflict[],
): Map<TaskId, TaskId[]> {
  const b = edgeSet(base.tasks);
  const o = edgeSet(ours.tasks);
  const t = edgeSet(theirs.tasks);
  const parents = new Map<TaskId, TaskId[]>([...tasks.keys()].map((id) => [id, []]));
  const keep = (k: string) => (o.has(k) && t.has(k)) || (!b.has(k) && (o.has(k) || t.has(k)));
  const added: [TaskId, TaskId][] = [];
  for (const bt of base.tasks) {
    for (const p of bt.parents)
      if (keep(edgeKey(p, bt.id)) && tasks.has(bt.id) && tasks.has(p)) parents.get(bt.id)!.push(p);
  }
  for (const [k, e] of [...o, ...t]) if (!b.has(k) && keep(k)) added.push(e);
  added.sort((x, y) => compareIds(x[1], y[1]) || compareIds(x[0], y[0]));
  for (const [p, c] of added) {
    const list = parents.get(c);
    if (list === undefined || !tasks.has(p)) {
      conflicts.push({
        kind: 'edge-to-removed-task',
        taskIds: [p, c],
        message: `edge ${p} -> ${c} was added on one side but a task was removed on the other`,
      });
    } else if (!list.includes(p)) list.push(p);
  }
  return parents;
}

function mergeLabels(
  b: Readonly<Record<string, string>> | undefined,
  o: Readonly<Record<string, string>> | undefined,
  t: Readonly<Record<string, string>> | undefined,
  conflicts: MergeConflict[],
): Record<string, string> | undefined {
  if (b === undefined && o === undefined && t === undefined) return undefined;
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(o ?? {}), ...Object.keys(t ?? {})])].sort(
    compareIds,
  );
  const out: Record<string, string> = {};
  for (const k of keys) {
    const bv = b?.[k];
    const ov = o?.[k];
    const tv = t?.[k];
    const v = ov === bv ? tv : tv === bv || tv === ov ? ov : undefined;
    if (ov !== bv && tv !== bv && ov !== tv)
      conflicts.push({
        kind: 'label',
        taskIds: [],
        field: k,
        ours: ov,
        theirs: tv,
        message: `label "${k}": both sides changed it`,
      });
    if (v !== undefined) out[k] = v;
  }
  return out;
}
