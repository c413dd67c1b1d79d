import { describe, expect, it } from 'vitest';
import { createEngine, handleStimulus } from '../../../engine/core/engine.js';
import type { EngineState } from '../../../engine/core/state.js';
import { createRandom } from '../../../engine/model/random.js';
import type { AgentSpec, TaskSpec } from '../../../engine/model/types.js';
import { SchedulingFramework } from '../../../engine/schedule/framework/framework.js';
import { minMaxNormalize } from '../../../engine/schedule/framework/plugin.js';
import {
  PluginConfigError,
  registerFilterPlugin,
  registerScorePlugin,
  resolveScorePlugins,
} from '../../../engine/schedule/framework/registry.js';
import { createStrategy } from '../../../engine/schedule/registry.js';
import { agent, task } from '../../helpers/engine-driver.js';

/** An engine whose strategy is a framework with the given weights, agents joined, nothing placed yet. */
function setUp(weights: Record<string, number>, agents: AgentSpec[], opts: { candidatesMax?: number } = {}) {
  const s = createEngine({ strategy: 'eft' }, createRandom(1));
  const fw = new SchedulingFramework({
    plugins: Object.entries(weights).map(([name, weight]) => ({ name, weight })),
    ...opts,
  });
  s.strategy = fw;
  for (const a of agents) handleStimulus(s, { kind: 'AgentJoined', agent: a }, { nowMs: 0 });
  return { s, fw };
}

function place(s: EngineState, tasks: TaskSpec[], nowMs = 0): Map<string, string> {
  const out = new Map<string, string>();
  const cmds = handleStimulus(
    s,
    { kind: 'DagSubmitted', dag: { id: `d${s.dags.length}`, tasks } },
    { nowMs },
  );
  for (const c of cmds) if (c.kind === 'AssignTask') out.set(c.taskId, c.agentId);
  return out;
}

describe('scheduling framework: score plugins', () => {
  const slowBusy = agent('slow', { speed: 0.5, slots: 4 });
  const fast = agent('fast', { speed: 2, slots: 4, powerIdleW: 100, powerMaxW: 900 });
  const frugal = agent('frugal', {
    speed: 1,
    slots: 4,
    powerIdleW: 50,
    powerMaxW: 90,
    capabilities: ['etl'],
  });

  it.each([
    ['eft', 'fast'],
    ['energy', 'frugal'],
    ['type-match', 'frugal'],
  ])('with only %s weighted, the task goes to %s', (plugin, expected) => {
    const { s } = setUp({ [plugin]: 1 }, [slowBusy, fast, frugal]);
    expect(place(s, [task('x', [], { type: 'etl', workUnits: 1000 })]).get('x')).toBe(expected);
  });

  it('balance prefers the agent with the smaller share of busy slots', () => {
    const { s } = setUp({ balance: 1 }, [agent('a', { slots: 2 }), agent('b', { slots: 8 })]);
    const first = place(s, [task('t1')]);
    expect(first.get('t1')).toBe('a'); // tie at 0: lowest index
    expect(place(s, [task('t2')]).get('t2')).toBe('b');
  });

  it('communication prefers the agent that holds the parent output', () => {
    const { s } = setUp({ communication: 1 }, [
      agent('a', { cluster: 'c0', slots: 2 }),
      agent('b', { cluster: 'c1', slots: 2 }),
      agent('c', { cluster: 'c1', slots: 2 }),
    ]);
    const placed = place(s, [task('p', [], { outputBytes: 5e6 }), task('q', ['p'])]);
    const holder = placed.get('p')!;
    const cmds = handleStimulus(
      s,
      { kind: 'TaskFinished', taskId: 'p', agentId: holder, attempt: 1 },
      { nowMs: 10 },
    );
    const q = cmds.find((c) => c.kind === 'AssignTask');
    expect(q).toMatchObject({ taskId: 'q', agentId: holder });
  });

  it('predicted-load avoids the agent forecast to be busy', () => {
    const { s } = setUp({ 'predicted-load': 1 }, [agent('a'), agent('b')]);
    handleStimulus(
      s,
      {
        kind: 'ForecastUpdated',
        forecasts: [
          { agentId: 'a', cpu: 0.9 },
          { agentId: 'b', cpu: 0.1 },
        ],
      },
      { nowMs: 0 },
    );
    expect(place(s, [task('x')]).get('x')).toBe('b');
  });

  it('history avoids the agent that ran this task type slower than expected', () => {
    const { s } = setUp({ history: 1 }, [agent('a', { slots: 2 }), agent('b', { slots: 2 })]);
    place(s, [task('w', [], { type: 'render', workUnits: 100 })]);
    handleStimulus(s, { kind: 'TaskStarted', taskId: 'w', agentId: 'a', attempt: 1 }, { nowMs: 0 });
    handleStimulus(s, { kind: 'TaskFinished', taskId: 'w', agentId: 'a', attempt: 1 }, { nowMs: 500 });
    expect(place(s, [task('v', [], { type: 'render' })], 500).get('v')).toBe('b');
  });

  it('combines weighted, normalised scores: a heavy eft weight beats a light energy weight', () => {
    const { s, fw } = setUp({ eft: 5, energy: 1 }, [fast, frugal]);
    expect(place(s, [task('x', [], { workUnits: 1000 })]).get('x')).toBe('fast');
    const why = fw.explain('x')!;
    expect(why.chosenAgentId).toBe('fast');
    expect(why.top[0]).toMatchObject({ agentId: 'fast', scores: { eft: 100, energy: 0 } });
    expect(why.top[0]!.total).toBeCloseTo((5 * 100) / 6, 1);
    expect(why.top[1]).toMatchObject({ agentId: 'frugal', scores: { eft: 0, energy: 100 } });
    expect(why.weights).toEqual({ eft: 5, energy: 1 });
  });
});

describe('scheduling framework: filters and statuses', () => {
  it('never offers work to a blocked (isolated / open-circuit) agent', () => {
    const { s } = setUp({ eft: 1 }, [agent('fast', { speed: 3 }), agent('ok')]);
    s.agentBlockedUntilMs[0] = 10_000;
    expect(place(s, [task('x')], 5).get('x')).toBe('ok');
  });

  it('honours affinity and anti-affinity', () => {
    const { s } = setUp({ eft: 1 }, [
      agent('a', { cluster: 'eu', speed: 3 }),
      agent('b', { cluster: 'us' }),
      agent('c', { cluster: 'us', type: 'gpu' }),
    ]);
    const placed = place(s, [
      task('x', [], { affinity: { clusters: ['us'], agentTypes: ['gpu'] } }),
      task('y', [], { affinity: { avoidClusters: ['eu'] } }),
    ]);
    expect(placed.get('x')).toBe('c');
    expect(placed.get('y')).toBe('b');
  });

  it('reports why a task is unschedulable, naming the filter', () => {
    const { s, fw } = setUp({ eft: 1 }, [agent('a', { cluster: 'eu' })]);
    place(s, [task('x', [], { affinity: { clusters: ['us'] } })]);
    expect(fw.lastStatus).toMatchObject({ code: 'unschedulable', plugin: 'affinity' });
    expect(fw.lastStatus.reason).toMatch(/1 agents rejected by affinity/);
    expect(fw.explain('x')).toMatchObject({ chosenAgentId: null, status: 'unschedulable' });
  });

  it('bounds the candidates on large fleets but keeps the fastest agents in view', () => {
    const agents = Array.from({ length: 400 }, (_, i) =>
      agent(`a${i}`, { cluster: `c${i % 4}`, speed: 1 + (i % 97) / 100 }),
    );
    const { s, fw } = setUp({ eft: 1 }, agents, { candidatesMax: 32 });
    expect(place(s, [task('x', [], { workUnits: 1000 })]).get('x')).toBe('a96');
    expect(fw.explain('x')!.candidates).toBeLessThanOrEqual(40);
  });
});

describe('scheduling framework: construction', () => {
  it.each([
    [[{ name: 'nope', weight: 1 }], /unknown score plugin "nope"; expected one of: .*eft/],
    [[{ name: 'eft' }], /score plugin "eft" has no weight/],
    [[{ name: 'eft', weight: -1 }], /weight must be a finite number >= 0/],
    [
      [
        { name: 'eft', weight: 1 },
        { name: 'eft', weight: 2 },
      ],
      /configured twice/,
    ],
    [[{ name: 'eft', weight: 0 }], /at least one score plugin needs a positive weight/],
  ])('rejects %j', (entries, message) => {
    expect(() => resolveScorePlugins(entries)).toThrow(PluginConfigError);
    expect(() => resolveScorePlugins(entries)).toThrow(message);
  });

  it('refuses to register a plugin name twice', () => {
    expect(() => registerScorePlugin({ name: 'eft', better: 'lower', score: () => 0 })).toThrow(
      /already registered/,
    );
    expect(() => registerFilterPlugin({ name: 'health', filter: () => true, reason: () => '' })).toThrow(
      /already registered/,
    );
  });

  it('fails loudly when a plugin normalises outside 0–100', () => {
    registerScorePlugin({
      name: 'test-broken',
      better: 'lower',
      score: () => 1,
      normalizeScore: (xs, n) => xs.fill(150, 0, n),
    });
    const { s } = setUp({ 'test-broken': 1 }, [agent('a')]);
    expect(() => place(s, [task('x')])).toThrow(/"test-broken" produced 150, outside 0–100/);
  });

  it('builds the weighted strategy from scenario weights and rejects unknown names', () => {
    expect(createStrategy('weighted', { eft: 2, balance: 1 }, createRandom(1)).name).toBe('weighted');
    expect(() => createStrategy('weighted', { speed: 1 }, createRandom(1))).toThrow(
      /unknown score plugin "speed"/,
    );
  });

  it('min-max normalises in the right direction and handles ties', () => {
    const xs = Float64Array.from([10, 20, 30]);
    minMaxNormalize(xs, 3, 'lower');
    expect([...xs]).toEqual([100, 50, 0]);
    const ys = Float64Array.from([4, 4]);
    minMaxNormalize(ys, 2, 'higher');
    expect([...ys]).toEqual([100, 100]);
  });
});
