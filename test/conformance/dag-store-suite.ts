/**
 * Conformance suite every DagStore adapter must pass (memory now, PostgreSQL later). Call it inside a
 * `describe` with a factory that returns an empty store.
 */
import { expect, it } from 'vitest';
import { DagError } from '../../engine/dag/errors.js';
import { commitDag, getDagVersion, rollbackDag } from '../../engine/dag/versions.js';
import type { DagSpec } from '../../engine/model/types.js';
import type { DagStore } from '../../engine/ports/dag-store.js';

const t = (id: string, parents: string[] = [], workUnits = 10) => ({
  id,
  type: 'compute',
  workUnits,
  cpuDemand: 1,
  memoryMb: 0,
  inputBytes: 0,
  outputBytes: 0,
  priority: 0,
  parents,
});
const v1: DagSpec = { id: 'wf', tasks: [t('a'), t('b', ['a'])] };
const v2: DagSpec = { id: 'wf', tasks: [t('a'), t('b', ['a'], 20), t('c', ['b'])] };
const meta = (message: string, createdAtMs: number) => ({ message, createdAtMs });

export function dagStoreConformance(makeStore: () => DagStore | Promise<DagStore>): void {
  it('numbers versions 1, 2, … and returns the latest by default', async () => {
    const store = await makeStore();
    expect((await commitDag(store, v1, meta('first', 1))).version).toBe(1);
    expect((await commitDag(store, v2, meta('second', 2))).version).toBe(2);
    expect((await store.get('wf'))?.spec).toEqual(v2);
    expect((await store.get('wf', 1))?.spec).toEqual(v1);
    expect(await store.get('wf', 3)).toBeUndefined();
    expect(await store.get('other')).toBeUndefined();
    expect(await store.dagIds()).toEqual(['wf']);
  });

  it('keeps versions immutable', async () => {
    const store = await makeStore();
    const spec = structuredClone(v1);
    await commitDag(store, spec, meta('first', 1));
    (spec.tasks[0] as { workUnits: number }).workUnits = 999;
    const got = await getDagVersion(store, 'wf', 1);
    expect(got.spec.tasks[0]!.workUnits).toBe(10);
    expect(() => {
      (got.spec.tasks[0] as { workUnits: number }).workUnits = 1;
    }).toThrow();
  });

  it('lists versions oldest first with their metadata and parents', async () => {
    const store = await makeStore();
    await commitDag(store, v1, meta('first', 1));
    await commitDag(store, v2, meta('second', 2));
    await rollbackDag(store, 'wf', 1, meta('roll back', 3));
    const list = await store.list('wf');
    expect(list.map((v) => [v.version, v.parentVersion, v.message, v.createdAtMs])).toEqual([
      [1, null, 'first', 1],
      [2, 1, 'second', 2],
      [3, 1, 'roll back', 3],
    ]);
    expect((await store.get('wf'))?.spec).toEqual(v1);
    expect(await store.list('nope')).toEqual([]);
  });

  it('refuses invalid DAGs and unknown versions with DagErrors', async () => {
    const store = await makeStore();
    await expect(commitDag(store, { id: 'wf', tasks: [t('a', ['zz'])] }, meta('bad', 1))).rejects.toThrow(
      DagError,
    );
    expect(await store.list('wf')).toEqual([]);
    await expect(rollbackDag(store, 'wf', 4, meta('x', 1))).rejects.toThrow(/dag wf has no version 4/);
  });
}
