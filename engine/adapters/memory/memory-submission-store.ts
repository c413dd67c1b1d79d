/** In-memory SubmissionStore: a Map in insertion order; the cursor is the index of the next record. */
import type { DagId } from '../../model/types.js';
import {
  DuplicateSubmissionError,
  type SubmissionPage,
  type SubmissionRecord,
  type SubmissionStatus,
  type SubmissionStore,
} from '../../ports/submission-store.js';

export class MemorySubmissionStore implements SubmissionStore {
  private readonly byId = new Map<DagId, SubmissionRecord>();
  private readonly order: DagId[] = [];

  /** Stores a copy of the record; rejects a duplicate DAG id. */
  async put(record: SubmissionRecord): Promise<void> {
    if (this.byId.has(record.dag.id)) throw new DuplicateSubmissionError(record.dag.id);
    this.byId.set(record.dag.id, { ...record });
    this.order.push(record.dag.id);
  }

  /** Sets the final status of a stored submission. */
  async settle(
    dagId: DagId,
    status: Exclude<SubmissionStatus, 'accepted'>,
    details: { reason?: string; failedTasks?: number; finishedAtMs?: number },
  ): Promise<void> {
    const rec = this.byId.get(dagId);
    if (!rec) return;
    rec.status = status;
    if (details.reason !== undefined) rec.reason = details.reason;
    if (details.failedTasks !== undefined) rec.failedTasks = details.failedTasks;
    if (details.finishedAtMs !== undefined) rec.finishedAtMs = details.finishedAtMs;
  }

  /** The stored record, or undefined. */
  async get(dagId: DagId): Promise<SubmissionRecord | undefined> {
    return this.byId.get(dagId);
  }

  /** One page of submissions in submission order. */
  async list(
    filter: { status?: SubmissionStatus | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<SubmissionPage> {
    const start = page.cursor === undefined ? 0 : Number.parseInt(page.cursor, 10) || 0;
    const items: SubmissionRecord[] = [];
    let i = start;
    for (; i < this.order.length && items.length < page.limit; i++) {
      const rec = this.byId.get(this.order[i]!)!;
      if (filter.status === undefined || rec.status === filter.status) items.push(rec);
    }
    return { items, nextCursor: i < this.order.length ? String(i) : undefined };
  }

  /** Accepted, unfinished submissions in order. */
  async unfinished(): Promise<SubmissionRecord[]> {
    return this.order.map((id) => this.byId.get(id)!).filter((r) => r.status === 'accepted');
  }
}
