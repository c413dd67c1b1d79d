import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../sim/event-queue.js';

describe('event queue', () => {
  it('pops events in (time, insertion order), for any interleaving of pushes and pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 400 }),
        (ops) => {
          const q = new EventQueue(4);
          const model: [number, number][] = [];
          let seq = 0;
          for (const op of ops) {
            if (op >= 0) {
              q.push(op, 1, seq, 0);
              model.push([op, seq++]);
            } else if (model.length > 0) {
              model.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
              const [t, id] = model.shift()!;
              expect(q.pop()).toBe(true);
              expect([q.timeMs, q.a]).toEqual([t, id]);
            }
          }
          expect(q.size).toBe(model.length);
        },
      ),
    );
  });

  it('reports empty and grows past its initial capacity', () => {
    const q = new EventQueue(2);
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
    for (let i = 100; i > 0; i--) q.push(i, 3, i, -i);
    expect(q.peekTime()).toBe(1);
    q.pop();
    expect([q.timeMs, q.kind, q.a, q.b]).toEqual([1, 3, 1, -1]);
  });
});
