/**
 * Contract of the LeaderLease port (memory and Redis): one holder at a time, renewal only by the holder,
 * takeover after expiry or release, fencing tokens strictly increasing.
 */
import { expect, it } from 'vitest';
import type { LeaderLease } from '../../engine/ports/leader-lease.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers the contract; `make` returns two handles on the same (fresh) lease, as two replicas would have. */
export function leaderLeaseConformance(make: () => Promise<[LeaderLease, LeaderLease]>): void {
  it('lease: only one replica holds it; the other gets undefined', async () => {
    const [a, b] = await make();
    const ga = await a.tryAcquire('engine-a', 5000);
    expect(ga?.holder).toBe('engine-a');
    expect(await b.tryAcquire('engine-b', 5000)).toBeUndefined();
    expect(await b.current()).toEqual(ga);
  });

  it('lease: the holder renews; a standby takes over only after it expires, with a larger fencing token', async () => {
    const [a, b] = await make();
    const ga = (await a.tryAcquire('engine-a', 200))!;
    await sleep(120);
    expect(await a.renew(ga, 200)).toBe(true);
    await sleep(120);
    expect(await b.tryAcquire('engine-b', 200)).toBeUndefined();
    await sleep(150);
    const gb = await b.tryAcquire('engine-b', 5000);
    expect(gb?.holder).toBe('engine-b');
    expect(gb!.fencingToken).toBeGreaterThan(ga.fencingToken);
    expect(await a.renew(ga, 200)).toBe(false);
  });

  it('lease: release frees it at once; releasing a lost grant changes nothing', async () => {
    const [a, b] = await make();
    const ga = (await a.tryAcquire('engine-a', 5000))!;
    await a.release(ga);
    expect(await a.current()).toBeUndefined();
    const gb = (await b.tryAcquire('engine-b', 5000))!;
    await a.release(ga);
    expect(await b.current()).toEqual(gb);
    expect(await b.renew(gb, 5000)).toBe(true);
  });
}
