import { describe, expect, it } from 'vitest';
import { createEngine, handleStimulus } from '../../../engine/core/engine.js';
import { createRandom } from '../../../engine/model/random.js';
import type { AgentSpec, TaskSpec } from '../../../engine/model/types.js';
import { HierarchicalStrategy } from '../../../engine/schedule/hierarchy.js';
import { agent, task } from '../../helpers/engine-driver.js';

function setUp(agents: AgentSpec[], globalWeights = {}) {
  const s = createEngine({}, createRandom(1));
  const h = new HierarchicalStrategy({ localWeights: { eft: 1 }, globalWeights });
  s.strategy = h;
  for (const a of agents) handleStimulus(s, { kind: 'AgentJoined', agent: a }, { nowMs: 0 });
  return { s, h };
}

function submit(s: ReturnType<typeof setUp>['s'], tasks: TaskSpec[], nowMs = 0) {
  const phases: string[] = [];
  const probe = { decisionStart() {}, decisionEnd() {}, phase: (p: string) => phases.push(p) };
  const cmds = handleStimulus(
    s,
    { kind: 'DagSubmitted', dag: { id: `d${s.dags.length}`, tasks } },
    { nowMs, probe },
  );
  const placed = new Map<string, string>();
  for (const c of cmds) if (c.kind === 'AssignTask') placed.set(c.taskId, c.agentId);
  return { placed, phases };
}

describe('hierarchical strategy', () => {
  const fleet = [
    agent('eu-1', { cluster: 'eu', speed: 1, slots: 2 }),
    agent('eu-2', { cluster: 'eu', speed: 1, slots: 2 }),
    agent('us-1', { cluster: 'us', speed: 2, slots: 2 }),
  ];

  it('goes global → local: the cluster whose fastest free agent finishes first, then the best agent in it', () => {
    const { s, h } = setUp(fleet);
    const { placed, phases } = submit(s, [task('x', [], { workUnits: 1000 })]);
    expect(placed.get('x')).toBe('us-1');
    expect(phases).toEqual(['global', 'local']);
    expect(h.counts).toMatchObject({ global: 1, local: 1, realtime: 0 });
  });

  it('weighs data locality: a child follows its parent cluster when locality dominates', () => {
    const { s } = setUp(fleet, { finish: 0, capacity: 0, load: 0, locality: 1 });
    const first = submit(s, [
      task('p', [], { outputBytes: 1e8, affinity: { clusters: ['eu'] } }),
      task('c', ['p']),
    ]);
    const holder = first.placed.get('p')!;
    expect(holder.startsWith('eu')).toBe(true);
    const cmds = handleStimulus(
      s,
      { kind: 'TaskFinished', taskId: 'p', agentId: holder, attempt: 1 },
      { nowMs: 5 },
    );
    const c = cmds.find((x) => x.kind === 'AssignTask') as { agentId: string };
    expect(c.agentId.startsWith('eu')).toBe(true);
  });

  it('sends urgent tasks through the realtime layer, skipping the global layer', () => {
    const { s, h } = setUp(fleet);
    const { placed, phases } = submit(s, [task('now', [], { priority: 50 })]);
    expect(placed.get('now')).toBe('us-1');
    expect(phases).toEqual(['realtime']);
    expect(h.counts.realtime).toBe(1);
    const late = submit(s, [task('due', [], { workUnits: 1000, deadlineMs: 1500 })], 0);
    expect(late.phases).toEqual(['realtime']);
  });

  it('falls back to the next cluster when every agent of the best one is filtered out', () => {
    const { s, h } = setUp(fleet);
    s.agentBlockedUntilMs[2] = 1e9; // us-1 isolated: the global layer still ranks "us" first by free agents
    const { placed } = submit(s, [task('x', [], { workUnits: 1000 })]);
    expect(placed.get('x')?.startsWith('eu')).toBe(true);
    expect(h.counts.fallbacks).toBe(1);
  });
});
