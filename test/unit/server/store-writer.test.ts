/**
 * The store writer's batching rule with a store that writes a batch in one round trip (PostgreSQL):
 * attempts are never held back (an unrecorded assignment is executed twice after a SIGKILL), batches of
 * outcomes and events alone may wait a little for company, and DAG settles ride in the batch after the
 * outcomes they follow.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import type { Stores } from '../../../engine/ports/stores.js';
import { StoreWriter } from '../../../engine/server/driver/store-writer.js';
import { createLogger } from '../../../engine/server/log.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const attempt = { taskId: 't', dagId: 'd', agentId: 'a', attempt: 1, assignedAtMs: 1 };
const done = { taskId: 't', kind: 'completed' as const, atMs: 2, agentId: 'a', attempt: 1 };

function turnStores() {
  const writes: string[] = [];
  const stores: Stores = {
    ...createMemoryStores(),
    recordTurn: async (a, o, e, settles) => {
      const dags = settles.map((x) => `${x.dagId} ${x.status}`).join(', ');
      writes.push(
        `${a.length} attempts, ${o.length} outcomes, ${e.length} events${dags ? `, settled ${dags}` : ''}`,
      );
    },
  };
  return { stores, writes };
}

describe('StoreWriter batching', () => {
  it('a batch holding an attempt is written at once, never held back', async () => {
    const { stores, writes } = turnStores();
    const w = new StoreWriter(stores, createLogger('silent'), 10_000);
    w.attempt(attempt);
    w.flush();
    await sleep(30);
    expect(writes).toEqual(['1 attempts, 0 outcomes, 0 events']);
  });

  it('outcomes and events alone wait for company; the next attempt ends the wait and goes with them', async () => {
    const { stores, writes } = turnStores();
    const w = new StoreWriter(stores, createLogger('silent'), 10_000);
    w.outcome(done);
    w.event({ seq: 1, atMs: 2, kind: 'task', type: 'done', taskId: 't' });
    w.flush();
    await sleep(30);
    expect(writes).toEqual([]);
    w.attempt({ ...attempt, taskId: 'u' });
    w.flush();
    await sleep(30);
    expect(writes).toEqual(['1 attempts, 1 outcomes, 1 events']);
  });

  it('the wait is bounded, and drain writes what waits', async () => {
    const { stores, writes } = turnStores();
    const w = new StoreWriter(stores, createLogger('silent'), 20);
    w.outcome(done);
    w.flush();
    await sleep(80);
    expect(writes).toEqual(['0 attempts, 1 outcomes, 0 events']);
    w.outcome(done);
    await w.drain();
    expect(writes).toHaveLength(2);
  });

  it('stores without one-round-trip batches write every turn at once', async () => {
    const stores = createMemoryStores();
    const w = new StoreWriter(stores, createLogger('silent'), 10_000);
    w.outcome(done);
    w.flush();
    await sleep(30);
    expect((await stores.tasks.history('t')).outcomes).toEqual([done]);
  });

  it('a settle goes in the next batch behind the outcomes before it, without ending the wait', async () => {
    const { stores, writes } = turnStores();
    const w = new StoreWriter(stores, createLogger('silent'), 10_000);
    w.outcome(done);
    w.settle({ dagId: 'd', status: 'completed', failedTasks: 0, finishedAtMs: 3 });
    w.flush();
    await sleep(30);
    expect(writes).toEqual([]);
    w.attempt({ ...attempt, taskId: 'u' });
    w.flush();
    await sleep(30);
    expect(writes).toEqual(['1 attempts, 1 outcomes, 0 events, settled d completed']);
  });

  it('without one-round-trip batches a settle is written after the batches before it', async () => {
    const stores = createMemoryStores();
    await stores.submissions.put({
      dag: { id: 'd', tasks: [] },
      status: 'accepted',
      submittedAtMs: 1,
      submittedBy: 'test',
    });
    const order: string[] = [];
    const recordProgress = stores.tasks.recordProgress?.bind(stores.tasks);
    stores.tasks.recordProgress = async (a, o) => {
      await sleep(20);
      order.push('progress');
      await recordProgress?.(a, o);
    };
    const settle = stores.submissions.settle.bind(stores.submissions);
    stores.submissions.settle = async (...args) => {
      order.push('settle');
      await settle(...args);
    };
    const w = new StoreWriter(stores, createLogger('silent'), 10_000);
    w.outcome(done);
    w.settle({ dagId: 'd', status: 'completed', failedTasks: 0, finishedAtMs: 3 });
    await w.drain();
    expect(order).toEqual(['progress', 'settle']);
    expect((await stores.submissions.get('d'))?.status).toBe('completed');
  });

  describe('the end of a wait', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a busy engine ends it at its first driver turn past the wait, without a timer of its own', async () => {
      vi.useFakeTimers();
      const { stores, writes } = turnStores();
      const w = new StoreWriter(stores, createLogger('silent'), 100);
      w.outcome(done);
      w.flush();
      await vi.advanceTimersByTimeAsync(99);
      w.flush();
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      expect(writes).toEqual([]);
      w.flush();
      await vi.advanceTimersByTimeAsync(0);
      expect(writes).toEqual(['0 attempts, 1 outcomes, 0 events']);
    });

    it('an idle engine ends it by a timer half a wait later', async () => {
      vi.useFakeTimers();
      const { stores, writes } = turnStores();
      const w = new StoreWriter(stores, createLogger('silent'), 100);
      w.outcome(done);
      w.flush();
      await vi.advanceTimersByTimeAsync(149);
      expect(writes).toEqual([]);
      await vi.advanceTimersByTimeAsync(2);
      expect(writes).toEqual(['0 attempts, 1 outcomes, 0 events']);
    });
  });
});
