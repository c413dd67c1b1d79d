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

  it('pops in the same order when some events go through the lane (monotone or not)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('push' as const), dt: fc.integer({ min: 0, max: 60 }) }),
            fc.record({ op: fc.constant('lane' as const), dt: fc.integer({ min: 0, max: 60 }) }),
            fc.record({ op: fc.constant('pop' as const), dt: fc.constant(0) }),
          ),
          { maxLength: 500 },
        ),
        (ops) => {
          const q = new EventQueue(2);
          const model: [number, number][] = [];
          let seq = 0;
          let now = 0;
          for (const { op, dt } of ops) {
            if (op === 'pop') {
              if (model.length === 0) {
                expect(q.pop()).toBe(false);
                continue;
              }
              model.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
              expect(q.peekTime()).toBe(model[0]![0]);
              const [t, id] = model.shift()!;
              expect(q.pop()).toBe(true);
              expect([q.timeMs, q.a]).toEqual([t, id]);
              now = t;
            } else {
              // Lane events mostly at now + a fixed period (monotone), sometimes earlier (falls back to the heap).
              const t = op === 'lane' && dt % 5 !== 0 ? now + 40 : now + dt;
              if (op === 'lane') q.pushLane(t, 2, seq, 0);
              else q.push(t, 1, seq, 0);
              model.push([t, seq++]);
            }
            expect(q.size).toBe(model.length);
          }
        },
      ),
      { numRuns: 300 },
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
