/**
 * EventLog on a Redis Stream (`<prefix>events`): entry id `<seq>-1`, the event as JSON in field `e`,
 * trimmed to about `retainedMax` entries. Reading after a seq is one XRANGE; a restarted server reads
 * `lastSeq` to continue the numbering, and WebSocket clients resume from the seq they last saw.
 * Re-sent events (seq at or below the stream's top) are skipped, so a retried batch is harmless.
 */
import type { Redis } from 'ioredis';
import type { EngineEvent, EventLog } from '../../ports/event-log.js';

export class RedisEventLog implements EventLog {
  private readonly key: string;
  private topSeq: number | undefined;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly retainedMax = 1_000_000,
  ) {
    this.key = `${prefix}events`;
  }

  /** Appends a batch in one pipeline. */
  async append(events: readonly EngineEvent[]): Promise<void> {
    if (events.length === 0) return;
    let top = this.topSeq ?? (await this.lastSeq());
    const pipe = this.redis.pipeline();
    for (const e of events) {
      if (e.seq <= top) continue;
      top = e.seq;
      pipe.xadd(this.key, 'MAXLEN', '~', this.retainedMax, `${e.seq}-1`, 'e', JSON.stringify(e));
    }
    if (pipe.length === 0) return;
    const results = (await pipe.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
    this.topSeq = top;
  }

  /** Retained events after `afterSeq`, oldest first. */
  async read(afterSeq: number, limit: number): Promise<EngineEvent[]> {
    if (limit <= 0) return [];
    const rows = await this.redis.xrange(this.key, `${Math.max(0, afterSeq) + 1}-0`, '+', 'COUNT', limit);
    return rows.map(([, fields]) => JSON.parse(fields[1]!) as EngineEvent);
  }

  /** Seq of the newest entry (0 when the stream is empty or missing). */
  async lastSeq(): Promise<number> {
    const rows = await this.redis.xrevrange(this.key, '+', '-', 'COUNT', 1);
    const id = rows[0]?.[0];
    this.topSeq = id === undefined ? 0 : Number(id.split('-')[0]);
    return this.topSeq;
  }
}
