/**
 * Redis AgentLoadCache and DecisionCache: one string key per agent (`<prefix>load:<agentId>`) or task
 * (`<prefix>decision:<taskId>`) holding JSON, written with PX expiry in one pipeline per batch, so an
 * agent that stops heartbeating drops out of the cache on its own. A sorted set indexes the agents for
 * `all()`.
 */
import type { Redis } from 'ioredis';
import type { AgentLoadCache, DecisionCache, DecisionRecord } from '../../ports/live-state-cache.js';
import type { AgentLoadPoint } from '../../ports/metrics-sink.js';

async function execOrThrow(pipe: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const results = (await pipe.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
  return results.map(([, v]) => v);
}

export class RedisAgentLoadCache implements AgentLoadCache {
  private readonly index: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs: number,
  ) {
    this.index = `${prefix}load-index`;
  }

  private key(agentId: string): string {
    return `${this.prefix}load:${agentId}`;
  }

  /** Writes every sample with expiry in one pipeline (the last sample of an agent in the batch wins). */
  async put(points: readonly AgentLoadPoint[]): Promise<void> {
    if (points.length === 0) return;
    const pipe = this.redis.pipeline();
    for (const p of points) {
      pipe.set(this.key(p.agentId), JSON.stringify(p), 'PX', this.ttlMs);
      pipe.zadd(this.index, 0, p.agentId);
    }
    await execOrThrow(pipe);
  }

  /** Fresh samples of the listed agents, in order. */
  async get(agentIds: readonly string[]): Promise<AgentLoadPoint[]> {
    if (agentIds.length === 0) return [];
    const values = await this.redis.mget(...agentIds.map((id) => this.key(id)));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as AgentLoadPoint);
  }

  /** Every fresh sample by agent id; index entries of expired agents are pruned. */
  async all(): Promise<AgentLoadPoint[]> {
    const ids = await this.redis.zrange(this.index, '0', '-1');
    const fresh = await this.get(ids);
    const alive = new Set(fresh.map((p) => p.agentId));
    const gone = ids.filter((id) => !alive.has(id));
    if (gone.length > 0) await this.redis.zrem(this.index, ...gone);
    return fresh.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  }
}

export class RedisDecisionCache implements DecisionCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs: number,
  ) {}

  /** Writes every decision with expiry in one pipeline. */
  async put(decisions: readonly DecisionRecord[]): Promise<void> {
    if (decisions.length === 0) return;
    const pipe = this.redis.pipeline();
    for (const d of decisions)
      pipe.set(`${this.prefix}decision:${d.taskId}`, JSON.stringify(d), 'PX', this.ttlMs);
    await execOrThrow(pipe);
  }

  /** The latest fresh decision for the task. */
  async get(taskId: string): Promise<DecisionRecord | undefined> {
    const v = await this.redis.get(`${this.prefix}decision:${taskId}`);
    return v === null ? undefined : (JSON.parse(v) as DecisionRecord);
  }
}
