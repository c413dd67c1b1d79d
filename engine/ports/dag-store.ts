/**
 * DagStore port: immutable, numbered versions of each DAG. In memory now (`adapters/memory-dag-store`);
 * PostgreSQL comes with the persistence issue and must pass the same conformance suite
 * (`test/conformance/dag-store-suite.ts`).
 */
import type { DagId, DagSpec } from '../model/types.js';

/** What a version records besides the spec. Time is passed in (the core has no clock). */
export interface DagVersionMeta {
  message: string;
  createdAtMs: number;
  author?: string | undefined;
}

export interface DagVersionInfo extends DagVersionMeta {
  dagId: DagId;
  /** 1, 2, 3, … per DAG, in commit order. */
  version: number;
  /** Version this one was made from: the previous one, or the target of a rollback. */
  parentVersion: number | null;
}

export interface DagVersion extends DagVersionInfo {
  /** Deep-frozen; never changes once committed. */
  spec: DagSpec;
}

export interface DagStore {
  /**
   * Stores `spec` as the next version of `spec.id` and returns it. The store keeps its own deep copy,
   * so later changes to the caller's object cannot alter history.
   */
  commit(spec: DagSpec, meta: DagVersionMeta, parentVersion?: number | null): Promise<DagVersion>;
  /** One version (the latest when `version` is omitted), or undefined if there is none. */
  get(dagId: DagId, version?: number): Promise<DagVersion | undefined>;
  /** Every version of `dagId`, oldest first, without specs (empty for an unknown DAG). */
  list(dagId: DagId): Promise<DagVersionInfo[]>;
  /** Ids of every DAG with at least one version, sorted. */
  dagIds(): Promise<DagId[]>;
}
