import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withValueAt } from '../../../sim/sweep/dot-path.js';
import { expandSweep, gridValues, parameterPoints } from '../../../sim/sweep/expand.js';
import { loadSweepFile, parseSweepText } from '../../../sim/sweep/parse-sweep.js';
import { parseShard, selectShard } from '../../../sim/sweep/shard.js';
import { SweepError } from '../../../sim/sweep/sweep-error.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const parse = (text: string) => parseSweepText(text, 'test.yaml', fixtures);

describe('sweep expansion', () => {
  it('crosses parameter points × strategies × seeds in a fixed order with content keys', () => {
    const spec = loadSweepFile(join(fixtures, 'micro-sweep.yaml'));
    const runs = expandSweep(spec);
    expect(runs).toHaveLength(2 * 2 * 3);
    expect(runs.map((r) => r.index)).toEqual([...runs.keys()]);
    expect(runs.slice(0, 4).map((r) => [r.label, r.seed])).toEqual([
      ['eft fleet.agents=6', 1],
      ['eft fleet.agents=6', 2],
      ['eft fleet.agents=6', 3],
      ['round-robin fleet.agents=6', 1],
    ]);
    expect(new Set(runs.map((r) => r.key)).size).toBe(12);
    expect(new Set(runs.map((r) => r.configKey)).size).toBe(4);
    expect(expandSweep(spec).map((r) => r.key)).toEqual(runs.map((r) => r.key));
  });

  it('expands ranges with a step, seeds given as a count or from/count, and weight sets', () => {
    const spec = parse(
      'scenario: micro.yaml\nseeds: { from: 10, count: 2 }\nparameters:\n  workload.arrival.intervalMs: { min: 100, max: 300, step: 100 }\nweights:\n  - { a: 1 }\n  - { a: 2 }\n',
    );
    expect(spec.seeds).toEqual([10, 11]);
    expect(gridValues({ min: 100, max: 300, step: 100 })).toEqual([100, 200, 300]);
    const runs = expandSweep(spec);
    expect(runs).toHaveLength(3 * 2 * 2);
    expect(runs[0]!.overrides).toEqual({ 'workload.arrival.intervalMs': 100, 'engine.weights': { a: 1 } });
  });

  it('draws the same random sample for the same sampleSeed and a different one otherwise', () => {
    const text = (seed: number) =>
      `scenario: micro.yaml\nmode: random\nsamples: 5\nsampleSeed: ${seed}\nparameters:\n  fleet.agents: { min: 4, max: 12, integer: true }\n  workload.arrival.intervalMs: [100, 200, 400]\n`;
    const a = parameterPoints(parse(text(1)));
    expect(a).toHaveLength(5);
    expect(parameterPoints(parse(text(1)))).toEqual(a);
    expect(parameterPoints(parse(text(2)))).not.toEqual(a);
    for (const p of a) {
      expect(Number.isInteger(p['fleet.agents'])).toBe(true);
      expect([100, 200, 400]).toContain(p['workload.arrival.intervalMs']);
    }
  });

  it.each([
    [
      'scenario: micro.yaml\nstrategies: [eft, nope]\n',
      /test\.yaml:2: strategies\.1: unknown strategy "nope"/,
    ],
    ['scenario: micro.yaml\nseeds: [1, -2]\n', /test\.yaml:2: seeds\.1: must be an integer ≥ 0/],
    ['scenario: micro.yaml\nparamters: {}\n', /test\.yaml:2: paramters: unknown field/],
    [
      'scenario: micro.yaml\nparameters:\n  fleet.agents: { min: 1, max: 5 }\n',
      /fleet\.agents: a range needs a step in grid mode/,
    ],
    ['strategies: [eft]\n', /scenario: required/],
    ['scenario: micro.yaml\nmode: random\n', /samples: must be an integer ≥ 1/],
    ['scenario: [unclosed\n', /test\.yaml:\d+:\d+: not valid YAML/],
  ])('rejects a bad sweep file with a located message: %#', (text, message) => {
    expect(() => parse(text)).toThrow(SweepError);
    expect(() => parse(text)).toThrow(message);
  });

  it('rejects a parameter value that makes the scenario invalid, naming the point and field', () => {
    const spec = parse('scenario: micro.yaml\nparameters:\n  fleet.agents: [8, -1]\n');
    expect(() => expandSweep(spec)).toThrow(
      /sweep point fleet\.agents=-1 gives an invalid scenario[\s\S]*fleet\.agents/,
    );
  });

  it('rejects a dot path through a list index that does not exist', () => {
    expect(() => withValueAt({ a: [1, 2] }, 'a.5', 0, 'here')).toThrow(
      /a is a list of 2, so "5" must be an index 0–1/,
    );
    expect(withValueAt({ a: [{ b: 1 }] }, 'a.0.b', 7, 'here')).toEqual({ a: [{ b: 7 }] });
  });

  it('splits runs into disjoint shards covering every run', () => {
    const runs = expandSweep(loadSweepFile(join(fixtures, 'micro-sweep.yaml')));
    const shards = [0, 1, 2].map((i) => selectShard(runs, { index: i, count: 3 }));
    expect(
      shards
        .flat()
        .map((r) => r.index)
        .sort((a, b) => a - b),
    ).toEqual(runs.map((r) => r.index));
    expect(() => parseShard('3/3')).toThrow(/--shard must be i\/n/);
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
  });
});
