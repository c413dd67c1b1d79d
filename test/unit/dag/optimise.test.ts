import { describe, expect, it } from 'vitest';
import { buildDag } from '../../../engine/dag/build.js';
import { edgeCostsMs, taskCostsMs } from '../../../engine/dag/costs.js';
import { clusterTasks } from '../../../engine/dag/optimise/clustering.js';
import { orderingHint } from '../../../engine/dag/optimise/ordering-hint.js';
import { parallelGroups } from '../../../engine/dag/optimise/parallel-groups.js';
import { checkResources } from '../../../engine/dag/optimise/resource-check.js';
import type { AgentSpec } from '../../../engine/model/types.js';
import { dag, task } from './make.js';

const agent = (id: string, extra: Partial<AgentSpec> = {}): AgentSpec => ({
  id,
  cluster: 'c',
  type: 'std',
  capabilities: [],
  slots: 4,
  speed: 1,
  memoryMb: 8000,
  powerIdleW: 50,
  powerMaxW: 200,
  ...extra,
});

describe('parallel groups', () => {
  it('are the levels', () => {
    const g = buildDag(dag([task('a'), task('b', ['a']), task('c', ['a']), task('d', ['b'])]));
    expect(parallelGroups(g)).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});

describe('clustering', () => {
  it('merges a fine-grained chain into one task and keeps coarse tasks', () => {
    const spec = dag([
      task('src', [], { workUnits: 5000 }),
      task('x1', ['src'], { workUnits: 100 }),
      task('x2', ['x1'], { workUnits: 200, outputBytes: 7 }),
      task('sink', ['x2'], { workUnits: 5000 }),
    ]);
    const r = clusterTasks(spec, { fineGrainedMs: 1000 });
    expect(r.clusters).toEqual([{ id: 'cluster_0', taskIds: ['x1', 'x2'], kind: 'chain' }]);
    expect(r.dag.tasks.map((t) => [t.id, t.workUnits, t.parents])).toEqual([
      ['src', 5000, []],
      ['cluster_0', 300, ['src']],
      ['sink', 5000, ['cluster_0']],
    ]);
    expect(r.dag.tasks[1]!.outputBytes).toBe(7);
  });

  it('merges a fan of same-type fine-grained tasks in groups of maxClusterSize', () => {
    const fan = Array.from({ length: 5 }, (_, i) => task(`f${i}`, ['s'], { workUnits: 10, type: 'fit' }));
    const spec = dag([
      task('s', [], { workUnits: 5000 }),
      ...fan,
      task(
        't',
        fan.map((f) => f.id),
        { workUnits: 5000 },
      ),
    ]);
    const r = clusterTasks(spec, { maxClusterSize: 2 });
    expect(r.clusters.map((c) => c.taskIds)).toEqual([
      ['f0', 'f1'],
      ['f2', 'f3'],
    ]);
    expect(r.dag.tasks.map((t) => t.id)).toEqual(['s', 'cluster_0', 'cluster_1', 'f4', 't']);
    expect(r.dag.tasks.at(-1)!.parents).toEqual(['cluster_0', 'cluster_1', 'f4']);
    expect(buildDag(r.dag).taskCount).toBe(5);
  });
});

describe('resource checks', () => {
  const spec = dag([
    task('ok'),
    task('gpu', ['ok'], { requires: ['gpu'] }),
    task('wide', ['ok'], { cpuDemand: 16 }),
    task('fat', ['ok'], { memoryMb: 9000 }),
    task('both', ['ok'], { cpuDemand: 8, memoryMb: 16000, requires: ['big'] }),
  ]);
  const fleet = [
    agent('a1'),
    agent('a2', { slots: 8, memoryMb: 4000, capabilities: ['big'] }),
    agent('a3', { memoryMb: 32000, capabilities: ['big'] }),
  ];

  it('reports tasks no agent can run, with the reason', () => {
    const r = checkResources(spec, fleet);
    expect(r.unrunnable).toEqual([
      { taskId: 'gpu', reason: 'no agent has all of the capabilities gpu' },
      { taskId: 'wide', reason: 'needs 16 slots, the largest capable agent has 8' },
      { taskId: 'both', reason: 'needs 8 slots and 16000 MB on one agent; no capable agent has both' },
    ]);
  });

  it('compares peak demand per level with fleet capacity', () => {
    const r = checkResources(spec, fleet);
    expect(r.fleetSlots).toBe(16);
    expect(r.levels.map((l) => [l.level, l.tasks, l.cpuDemand, l.overCapacity])).toEqual([
      [0, 1, 1, false],
      [1, 4, 26, true],
    ]);
    expect(r.peakCpuDemand).toBe(26);
  });
});

describe('ordering hint', () => {
  it('puts critical work first, longest first among equals, and stays topological', () => {
    const g = buildDag(
      dag([
        task('a', [], { workUnits: 1 }),
        task('short', ['a'], { workUnits: 5 }),
        task('long', ['a'], { workUnits: 50 }),
        task('z', [], { workUnits: 0 }),
        task('y', ['z'], { workUnits: 0 }),
      ]),
    );
    const hint = orderingHint(g, taskCostsMs(g), edgeCostsMs(g, { bandwidthBytesPerMs: 1, latencyMs: 0 }));
    expect(Array.from(hint, (i) => g.ids[i])).toEqual(['a', 'long', 'short', 'z', 'y']);
  });
});
