import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/model/random.js';

const draws = (r: { next(): number }, n: number) => Array.from({ length: n }, () => r.next());

describe('seeded random streams', () => {
  it('repeat the same sequence for the same seed', () => {
    expect(draws(createRandom(42), 50)).toEqual(draws(createRandom(42), 50));
    expect(draws(createRandom(42), 5)).not.toEqual(draws(createRandom(43), 5));
  });

  it('fork independent streams: a draw in one does not shift another', () => {
    const root = createRandom(9);
    const a = root.fork('balancer');
    const before = draws(root.fork('scheduler'), 10);
    draws(a, 1000);
    expect(draws(root.fork('scheduler'), 10)).toEqual(before);
    expect(draws(createRandom(9).fork('balancer'), 10)).not.toEqual(before);
  });

  it('stay in range and look uniform', () => {
    const r = createRandom(1);
    const xs = draws(r, 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const ints = Array.from({ length: 6000 }, () => r.int(6));
    for (let k = 0; k < 6; k++) expect(ints.filter((x) => x === k).length).toBeGreaterThan(850);
    const ns = Array.from({ length: 20_000 }, () => r.normal());
    const nm = ns.reduce((s, x) => s + x, 0) / ns.length;
    const sd = Math.sqrt(ns.reduce((s, x) => s + (x - nm) ** 2, 0) / ns.length);
    expect(Math.abs(nm)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});
