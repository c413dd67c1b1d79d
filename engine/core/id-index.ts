/**
 * Task id → index, split over 64 Maps by a cheap hash of the id's last characters and length. One Map of
 * n entries rehashes all of them when it doubles (at 65,536 / 131,072 … tasks that stalled a live
 * engine for 30–55 ms); 64 shards rehash 1/64 of that at a time. Same get/has/set contract as a Map.
 */
const SHARDS = 64;

export class IdIndex {
  private readonly shards: Map<string, number>[] = Array.from({ length: SHARDS }, () => new Map());
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(id: string): number | undefined {
    return this.shards[shardOf(id)]!.get(id);
  }

  has(id: string): boolean {
    return this.shards[shardOf(id)]!.has(id);
  }

  set(id: string, index: number): this {
    const shard = this.shards[shardOf(id)]!;
    if (!shard.has(id)) this.count++;
    shard.set(id, index);
    return this;
  }
}

function shardOf(id: string): number {
  const n = id.length;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1);
  h = Math.imul(h ^ id.charCodeAt(n - 1), 0x01000193);
  if (n > 1) h = Math.imul(h ^ id.charCodeAt(n - 2), 0x01000193);
  if (n > 2) h = Math.imul(h ^ id.charCodeAt(n - 3), 0x01000193);
  if (n > 3) h = Math.imul(h ^ id.charCodeAt(n >> 1), 0x01000193);
  return (h ^ (h >>> 15)) & (SHARDS - 1);
}
