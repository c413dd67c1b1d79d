/**
 * Version operations on top of the DagStore port: every change is a new immutable version; rollback
 * makes a new version equal to an old one (history is never rewritten).
 */
import type { DagId, DagSpec } from '../model/types.js';
import type { DagStore, DagVersion, DagVersionMeta } from '../ports/dag-store.js';
import { validateDag } from './build.js';
import { DagError, dagError } from './errors.js';

/**
 * Validates `spec` and commits it as the next version. Throws `DagError` with every issue when the spec
 * is not a valid DAG, so the store only ever holds valid versions.
 */
export async function commitDag(store: DagStore, spec: DagSpec, meta: DagVersionMeta): Promise<DagVersion> {
  const issues = validateDag(spec);
  if (issues.length > 0) throw new DagError(issues);
  return store.commit(spec, meta);
}

/** A stored version, or a `DagError` (`unknown-version`) naming the DAG and version. */
export async function getDagVersion(store: DagStore, dagId: DagId, version?: number): Promise<DagVersion> {
  const found = await store.get(dagId, version);
  if (found === undefined)
    throw dagError(
      'unknown-version',
      version === undefined ? `dag ${dagId} has no versions` : `dag ${dagId} has no version ${version}`,
    );
  return found;
}

/** Commits a new version whose spec equals version `toVersion`; its parent is `toVersion`. */
export async function rollbackDag(
  store: DagStore,
  dagId: DagId,
  toVersion: number,
  meta: DagVersionMeta,
): Promise<DagVersion> {
  const target = await getDagVersion(store, dagId, toVersion);
  return store.commit(target.spec, meta, toVersion);
}
