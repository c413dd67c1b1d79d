/**
 * fast-check arbitraries for DAG specs. A DAG is drawn as a hidden rank order (edges always go from a
 * lower to a higher rank, so it is acyclic) listed in a shuffled task order, so nothing can rely on
 * the spec order being topological.
 */
import fc from 'fast-check';
import type { DagSpec, TaskSpec } from '../../engine/model/types.js';

export interface DagArbOptions {
  maxTasks?: number;
  maxEdges?: number;
  /** Sometimes include the optional fields `deadlineMs` and `requires` (for I/O round trips). */
  optionalFields?: boolean;
}

const taskFieldsArb = () =>
  fc.record(
    {
      type: fc.constantFrom('compute', 'io', 'gpu-train'),
      workUnits: fc.integer({ min: 0, max: 10_000 }),
      cpuDemand: fc.integer({ min: 1, max: 8 }),
      memoryMb: fc.integer({ min: 0, max: 64_000 }),
      inputBytes: fc.integer({ min: 0, max: 1e9 }),
      outputBytes: fc.integer({ min: 0, max: 1e9 }),
      priority: fc.integer({ min: -5, max: 5 }),
      deadlineMs: fc.integer({ min: 0, max: 1e7 }),
      requires: fc.uniqueArray(fc.constantFrom('gpu', 'ssd', 'big'), { maxLength: 2 }),
    },
    { requiredKeys: ['type', 'workUnits', 'cpuDemand', 'memoryMb', 'inputBytes', 'outputBytes', 'priority'] },
  );

/** Random acyclic DagSpec with ids `t0…t{n-1}` (rank order) in a shuffled task order. */
export function dagArb(options: DagArbOptions = {}): fc.Arbitrary<DagSpec> {
  const maxTasks = options.maxTasks ?? 20;
  const maxEdges = options.maxEdges ?? 3 * maxTasks;
  return fc.integer({ min: 0, max: maxTasks }).chain((n) =>
    fc
      .record({
        order: fc.shuffledSubarray(
          Array.from({ length: n }, (_, i) => i),
          { minLength: n, maxLength: n },
        ),
        edges:
          n < 2
            ? fc.constant([] as [number, number][])
            : fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: maxEdges }),
        fields: fc.array(taskFieldsArb(), { minLength: n, maxLength: n }),
      })
      .map(({ order, edges, fields }) =>
        toSpec(order, edges, fields as Omit<TaskSpec, 'id' | 'parents'>[], options.optionalFields ?? false),
      ),
  );
}

function toSpec(
  order: number[],
  edges: [number, number][],
  fields: Omit<TaskSpec, 'id' | 'parents'>[],
  optionalFields: boolean,
): DagSpec {
  const parents = order.map(() => new Set<string>());
  for (const [x, y] of edges) {
    if (x === y) continue;
    parents[Math.max(x, y)]!.add(`t${Math.min(x, y)}`);
  }
  const tasks = order.map((rank) => {
    const f = { ...fields[rank]! };
    if (!optionalFields) {
      delete f.deadlineMs;
      delete f.requires;
    }
    return { id: `t${rank}`, ...f, parents: [...parents[rank]!] } as TaskSpec;
  });
  return { id: 'random', tasks };
}
