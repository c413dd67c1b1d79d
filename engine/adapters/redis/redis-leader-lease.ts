/**
 * LeaderLease on Redis: the lease is one key (`<prefix>leader`) holding `<fencingToken>|<holder>` with a
 * PX expiry; acquiring is SET NX after INCR of `<prefix>leader-fence`, renewing and releasing compare the
 * stored value first, each in one Lua script so no other client can interleave.
 */
import type { Redis } from 'ioredis';
import type { LeaderLease, LeaseGrant } from '../../ports/leader-lease.js';

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return nil end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. '|' .. ARGV[1], 'PX', ARGV[2])
return token`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisLeaderLease implements LeaderLease {
  private readonly key: string;
  private readonly fenceKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}leader`;
    this.fenceKey = `${prefix}leader-fence`;
  }

  /** SET NX with a fresh fencing token, atomically. */
  async tryAcquire(holder: string, ttlMs: number): Promise<LeaseGrant | undefined> {
    const token = (await this.redis.eval(ACQUIRE, 2, this.key, this.fenceKey, holder, Math.ceil(ttlMs))) as
      | number
      | null;
    return token === null ? undefined : { holder, fencingToken: Number(token) };
  }

  /** Extends the key's expiry if it still holds this grant. */
  async renew(grant: LeaseGrant, ttlMs: number): Promise<boolean> {
    const r = await this.redis.eval(RENEW, 1, this.key, leaseValue(grant), Math.ceil(ttlMs));
    return Number(r) === 1;
  }

  /** Deletes the key if it still holds this grant. */
  async release(grant: LeaseGrant): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, leaseValue(grant));
  }

  /** The grant the key holds now. */
  async current(): Promise<LeaseGrant | undefined> {
    const v = await this.redis.get(this.key);
    if (v === null) return undefined;
    const bar = v.indexOf('|');
    return { fencingToken: Number(v.slice(0, bar)), holder: v.slice(bar + 1) };
  }
}

function leaseValue(grant: LeaseGrant): string {
  return `${grant.fencingToken}|${grant.holder}`;
}
