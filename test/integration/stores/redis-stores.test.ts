/**
 * The Redis adapters against a real server, each test file under its own key prefix (deleted after):
 * the EventLog contract on a stream, the load and decision cache contracts with real expiry, and the
 * leader lease contract with two clients standing in for two replicas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import { createRedis } from '../../../engine/adapters/redis/redis-client.js';
import { RedisEventLog } from '../../../engine/adapters/redis/redis-event-log.js';
import { RedisLeaderLease } from '../../../engine/adapters/redis/redis-leader-lease.js';
import {
  RedisAgentLoadCache,
  RedisDecisionCache,
} from '../../../engine/adapters/redis/redis-live-state-cache.js';
import { leaderLeaseConformance } from '../../conformance/leader-lease-suite.js';
import {
  agentLoadCacheConformance,
  decisionCacheConformance,
} from '../../conformance/live-state-cache-suite.js';
import { describeLiveStores } from '../../conformance/live-stores-suite.js';
import { createTestRedis, need, REDIS_URL, uniqueName } from './services.js';

describe.runIf(need('redis'))('Redis stores', () => {
  let t: Awaited<ReturnType<typeof createTestRedis>>;
  let n = 0;
  const sub = () => `${t.prefix}${++n}:`;
  beforeAll(async () => {
    t = await createTestRedis();
  });
  afterAll(async () => {
    await t?.drop();
  });

  describeLiveStores('redis event stream', async () => ({
    ...createMemoryStores(),
    events: new RedisEventLog(t.redis, sub()),
  }));
  describe('AgentLoadCache contract', () =>
    agentLoadCacheConformance(async (ttl) => new RedisAgentLoadCache(t.redis, sub(), ttl)));
  describe('DecisionCache contract', () =>
    decisionCacheConformance(async (ttl) => new RedisDecisionCache(t.redis, sub(), ttl)));
  describe('LeaderLease contract', () =>
    leaderLeaseConformance(async () => {
      const prefix = sub();
      const other = createRedis(REDIS_URL);
      afterAll(() => other.disconnect());
      return [new RedisLeaderLease(t.redis, prefix), new RedisLeaderLease(other, prefix)];
    }));

  it('event stream: a retried batch is skipped, a restarted writer continues after lastSeq', async () => {
    const prefix = sub();
    const ev = (seq: number) => ({ seq, atMs: seq, kind: 'task' as const, type: 'done', taskId: `t${seq}` });
    const log = new RedisEventLog(t.redis, prefix);
    await log.append([ev(1), ev(2)]);
    await log.append([ev(2), ev(3)]);
    const restarted = new RedisEventLog(t.redis, prefix);
    expect(await restarted.lastSeq()).toBe(3);
    await restarted.append([ev(4)]);
    expect((await restarted.read(0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect((await restarted.read(0, 10))[3]).toEqual(ev(4));
  });

  it('every key lives under the prefix', async () => {
    const prefix = `${uniqueName('agentsched_test_scope')}:`;
    await new RedisAgentLoadCache(t.redis, prefix, 5000).put([
      { agentId: 'a', cluster: 'c', atMs: 1, cpu: 0, memory: 0, network: 0, runningTasks: 0 },
    ]);
    await new RedisLeaderLease(t.redis, prefix).tryAcquire('x', 5000);
    const keys = await t.redis.keys(`${prefix}*`);
    expect(keys.length).toBe(4);
    await t.redis.del(...keys);
  });
});
