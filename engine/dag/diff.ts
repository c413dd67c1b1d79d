/**
 * Structural diff between two DAG specs: tasks added, removed and changed (with each changed field's
 * old and new value) and edges (explicit parent links) added and removed. `applyDiff` replays a diff,
 * so `diffDags(a, applyDiff(a, diffDags(a, b)))` is empty.
 */
import type { DagSpec, TaskId, TaskSpec } from '../model/types.js';
import { dagError } from './errors.js';
import { edgeKey, sameValue, TASK_FIELDS, type TaskField, withField } from './task-fields.js';

export interface FieldChange {
  field: TaskField;
  from: unknown;
  to: unknown;
}

export interface TaskChange {
  id: TaskId;
  changes: FieldChange[];
}

export interface DagDiff {
  /** New tasks, as in the new spec but without parents (their edges are in `edgesAdded`). */
  tasksAdded: TaskSpec[];
  tasksRemoved: TaskId[];
  tasksChanged: TaskChange[];
  /** `[parent, child]` pairs. */
  edgesAdded: [TaskId, TaskId][];
  edgesRemoved: [TaskId, TaskId][];
}

/** True when the diff has no entries. */
export function isEmptyDiff(d: DagDiff): boolean {
  return (
    d.tasksAdded.length +
      d.tasksRemoved.length +
      d.tasksChanged.length +
      d.edgesAdded.length +
      d.edgesRemoved.length ===
    0
  );
}

/**
 * Differences from `a` to `b`, keyed by task id. Entries follow `b`'s task order for additions and
 * changes and `a`'s for removals. Specs should have unique ids (later duplicates are ignored).
 */
export function diffDags(a: DagSpec, b: DagSpec): DagDiff {
  const aById = byId(a.tasks);
  const bById = byId(b.tasks);
  const diff: DagDiff = {
    tasksAdded: [],
    tasksRemoved: [],
    tasksChanged: [],
    edgesAdded: [],
    edgesRemoved: [],
  };
  for (const t of a.tasks) if (!bById.has(t.id)) diff.tasksRemoved.push(t.id);
  for (const t of bById.values()) {
    const old = aById.get(t.id);
    if (old === undefined) diff.tasksAdded.push({ ...t, parents: [] });
    else {
      const changes = TASK_FIELDS.filter((f) => !sameValue(old[f], t[f])).map((f) => ({
        field: f,
        from: old[f],
        to: t[f],
      }));
      if (changes.length > 0) diff.tasksChanged.push({ id: t.id, changes });
    }
  }
  const aEdges = edgeSet(a.tasks);
  const bEdges = edgeSet(b.tasks);
  for (const [k, e] of aEdges) if (!bEdges.has(k)) diff.edgesRemoved.push(e);
  for (const [k, e] of bEdges) if (!aEdges.has(k)) diff.edgesAdded.push(e);
  return diff;
}

function byId(tasks: readonly TaskSpec[]): Map<TaskId, TaskSpec> {
  const map = new Map<TaskId, TaskSpec>();
  for (const t of tasks) if (!map.has(t.id)) map.set(t.id, t);
  return map;
}

/** Edges `[parent, child]` of `tasks` keyed by `edgeKey`, in task then parent order. */
export function edgeSet(tasks: readonly TaskSpec[]): Map<string, [TaskId, TaskId]> {
  const edges = new Map<string, [TaskId, TaskId]>();
  for (const t of tasks) for (const p of t.parents) edges.set(edgeKey(p, t.id), [p, t.id]);
  return edges;
}

/**
 * Applies `diff` to `a`. Throws `DagError` (`diff-mismatch`) naming the task when the diff does not fit
 * `a` (removing or changing a task `a` lacks, adding one it has, removing an edge it lacks).
 */
export function applyDiff(a: DagSpec, diff: DagDiff): DagSpec {
  const tasks = new Map(a.tasks.map((t) => [t.id, t] as const));
  for (const id of diff.tasksRemoved) {
    if (!tasks.delete(id)) throw mismatch(`cannot remove task "${id}": it is not in dag ${a.id}`, [id]);
  }
  for (const c of diff.tasksChanged) {
    let t = tasks.get(c.id);
    if (t === undefined) throw mismatch(`cannot change task "${c.id}": it is not in dag ${a.id}`, [c.id]);
    for (const ch of c.changes) t = withField(t, ch.field, ch.to);
    tasks.set(c.id, t);
  }
  for (const t of diff.tasksAdded) {
    if (tasks.has(t.id)) throw mismatch(`cannot add task "${t.id}": dag ${a.id} already has it`, [t.id]);
    tasks.set(t.id, { ...t, parents: [] });
  }
  return { ...a, tasks: applyEdges(tasks, diff) };
}

function applyEdges(tasks: Map<TaskId, TaskSpec>, diff: DagDiff): TaskSpec[] {
  const removed = new Set(diff.edgesRemoved.map(([p, c]) => edgeKey(p, c)));
  const parents = new Map<TaskId, TaskId[]>();
  for (const t of tasks.values())
    parents.set(
      t.id,
      t.parents.filter((p) => !removed.has(edgeKey(p, t.id))),
    );
  for (const [p, c] of diff.edgesRemoved) {
    const had = tasks.get(c)?.parents.includes(p);
    if (had === false) throw mismatch(`cannot remove edge ${p} -> ${c}: it is not in the dag`, [p, c]);
  }
  for (const [p, c] of diff.edgesAdded) {
    const list = parents.get(c);
    if (list === undefined)
      throw mismatch(`cannot add edge ${p} -> ${c}: task "${c}" is not in the dag`, [p, c]);
    if (!list.includes(p)) list.push(p);
  }
  return [...tasks.values()].map((t) => ({ ...t, parents: parents.get(t.id)! }));
}

function mismatch(message: string, ids: string[]) {
  return dagError('diff-mismatch', message, ids);
}
