import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedRing, MemoryMetricsSink } from '../../../engine/adapters/memory/memory-metrics-sink.js';

describe('BoundedRing', () => {
  it('keeps the newest values, oldest first, for any sequence of batches (model: a sliced array)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.array(fc.integer(), { maxLength: 30 }), { maxLength: 20 }),
        (cap, batches) => {
          const ring = new BoundedRing<number>(cap);
          const model: number[] = [];
          for (const b of batches) {
            ring.push(b);
            model.push(...b);
            expect(ring.toArray()).toEqual(model.slice(-cap));
            expect(ring.length).toBe(Math.min(cap, model.length));
          }
        },
      ),
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedRing(0)).toThrow(/positive integer, got 0/);
    expect(() => new BoundedRing(2.5)).toThrow(/positive integer/);
  });
});

describe('MemoryMetricsSink', () => {
  it('keeps the newest pointsMax agent and engine samples', async () => {
    const sink = new MemoryMetricsSink(3);
    for (let i = 0; i < 5; i++)
      await sink.writeAgentLoad([
        { agentId: `a${i}`, cluster: 'c', atMs: i, cpu: 0.1, memory: 0.2, network: 0, runningTasks: 0 },
      ]);
    expect(sink.agentLoad.map((p) => p.agentId)).toEqual(['a2', 'a3', 'a4']);
    const point = {
      stimuli: 0,
      decisions: 0,
      completions: 0,
      aliveAgents: 0,
      readyTasks: 0,
      runningTasks: 0,
    };
    await sink.writeEngine([
      { ...point, atMs: 1 },
      { ...point, atMs: 2 },
    ]);
    expect(sink.engine.map((p) => p.atMs)).toEqual([1, 2]);
  });
});
