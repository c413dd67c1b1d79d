/**
 * The store writer's batching rule with a store that writes a batch in one round trip (PostgreSQL):
 * attempts are never held back (an unrecorded assignment is executed twice after a SIGKILL), batches of
 * outcomes and events alone may wait a little for company.
 */
import { describe, expect, it } from 'vitest';
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
    recordTurn: async (a, o, e) => {
      writes.push(`${a.length} attempts, ${o.length} outcomes, ${e.length} events`);
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
});
