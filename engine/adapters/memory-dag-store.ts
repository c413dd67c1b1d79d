/**
 * In-memory DagStore: versions live in arrays per DAG; specs are deep-copied and frozen on commit.
 */
import type { DagId, DagSpec } from '../model/types.js';
import type { DagStore, DagVersion, DagVersionInfo, DagVersionMeta } from '../ports/dag-store.js';

/** A DagStore that keeps everything in memory (tests, simulator, single-process server). */
export class MemoryDagStore implements DagStore {
  private readonly versions = new Map<DagId, DagVersion[]>();

  async commit(spec: DagSpec, meta: DagVersionMeta, parentVersion?: number | null): Promise<DagVersion> {
    const list = this.versions.get(spec.id) ?? [];
    const previous = list.length > 0 ? list.length : null;
    if (parentVersion != null && (parentVersion < 1 || parentVersion > list.length))
      throw new RangeError(`dag ${spec.id} has no version ${parentVersion}`);
    const version: DagVersion = deepFreeze({
      dagId: spec.id,
      version: list.length + 1,
      parentVersion: parentVersion === undefined ? previous : parentVersion,
      message: meta.message,
      createdAtMs: meta.createdAtMs,
      ...(meta.author === undefined ? {} : { author: meta.author }),
      spec: structuredClone(spec),
    });
    list.push(version);
    this.versions.set(spec.id, list);
    return version;
  }

  async get(dagId: DagId, version?: number): Promise<DagVersion | undefined> {
    const list = this.versions.get(dagId);
    if (list === undefined) return undefined;
    return version === undefined ? list[list.length - 1] : list[version - 1];
  }

  async list(dagId: DagId): Promise<DagVersionInfo[]> {
    return (this.versions.get(dagId) ?? []).map(({ spec: _spec, ...info }) => info);
  }

  async dagIds(): Promise<DagId[]> {
    return [...this.versions.keys()].sort();
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
