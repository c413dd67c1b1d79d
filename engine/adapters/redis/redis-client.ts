/**
 * Redis connection for the hot-state adapters. Every key an adapter writes starts with the configured
 * prefix, so several engines (or tests) can share one server and a prefix can be deleted as a whole.
 */
import { Redis } from 'ioredis';

export interface RedisOptions {
  /** Key prefix, e.g. `agentsched:` (default). */
  keyPrefix?: string | undefined;
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number | undefined;
}

/** A client for `url` (redis://[:password@]host:port[/db]); connects lazily on first command. */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
  });
  // Connection errors surface on the commands that fail; the 'error' event alone must not crash.
  client.on('error', () => {});
  return client;
}

/** Deletes every key under `prefix` (tests, `db reset`); returns how many were deleted. */
export async function deletePrefix(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await client.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
