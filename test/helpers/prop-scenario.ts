/** Arbitrary pieces shared by the simulation property tests: a small heterogeneous fleet and its workload. */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AgentTypeSpec, TaskTypeSpec } from '../../sim/scenario/types.js';

/** Up to 16 agents in up to 3 clusters: CPU agents and faster GPU agents with more slots. */
export const smallFleet = fc.record({
  agents: fc.integer({ min: 1, max: 16 }),
  clusters: fc.integer({ min: 1, max: 3 }),
  types: fc.constant<AgentTypeSpec[]>([
    {
      name: 'std',
      share: 0.7,
      slots: 2,
      speed: { dist: 'uniform' as const, min: 0.5, max: 1.5 },
      memoryMb: 4096,
      capabilities: ['cpu'],
    },
    { name: 'gpu', share: 0.3, slots: 3, speed: 2, memoryMb: 8192, capabilities: ['cpu', 'gpu'] },
  ]),
});

/** Task types: mostly small compute tasks, some two-slot GPU tasks. */
export const smallTaskTypes = fc.constant<TaskTypeSpec[]>([
  { name: 'compute', share: 0.8, memoryMb: 512 },
  { name: 'train', share: 0.2, requires: ['gpu'], cpuDemand: 2 },
]);

/** Batch or Poisson arrivals. */
export const arrival = fc.oneof(
  fc.constant({ process: 'batch' as const }),
  fc.record({
    process: fc.constant('poisson' as const),
    ratePerSec: fc.double({ min: 0.1, max: 5, noNaN: true }),
  }),
);

/** Every submitted task completed exactly once or was reported failed: none lost, none completed twice. */
export function expectEveryTaskAccountedFor(tasks: {
  submitted: number;
  completed: number;
  failed: number;
  lost: number;
  duplicateCompletions: number;
}): void {
  expect(tasks.lost).toBe(0);
  expect(tasks.duplicateCompletions).toBe(0);
  expect(tasks.completed + tasks.failed).toBe(tasks.submitted);
}
