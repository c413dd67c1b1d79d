import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'agentsched-extend-'));

describe('extending and tuning strategies from the CLI', () => {
  it('runs a strategy registered by a module named in the scenario', () => {
    const r = cli(['run', 'test/fixtures/modules/first-fit.yaml', '--json', '-']);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout);
    expect(result.strategy).toBe('test-first-fit');
    expect(result.tasks.completed).toBe(6);
  });

  it('uses a score plugin registered by a module in the weighted strategy', () => {
    const r = cli(['run', 'test/fixtures/modules/weighted.yaml', '--json', '-']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ strategy: 'weighted', tasks: { completed: 6 } });
    const bad = cli(['run', 'test/fixtures/modules/weighted.yaml', '--strategy', 'weighted', '--seed', '3']);
    expect(bad.code).toBe(0);
  });

  it('tunes weights by hill climbing, resuming from its history', () => {
    const history = join(tmp, 'history.jsonl');
    const out = join(tmp, 'tune.json');
    const a = cli([
      'tune',
      'scenarios/small/tiny.yaml',
      '--rounds',
      '3',
      '--seeds',
      '1',
      '--history',
      history,
      '--json',
      out,
    ]);
    expect(a.code).toBe(0);
    const first = JSON.parse(readFileSync(out, 'utf8'));
    expect(first.best.score).toBeLessThanOrEqual(first.initial.score);
    expect(first.steps.length).toBeGreaterThanOrEqual(2);
    const b = cli([
      'tune',
      'scenarios/small/tiny.yaml',
      '--rounds',
      '3',
      '--seeds',
      '1',
      '--history',
      history,
    ]);
    expect(b.stdout).toMatch(/\(history\)/);
    expect(b.stdout).toContain(JSON.stringify(first.best.weights));
  });

  it.each([
    [
      ['tune', 'scenarios/small/tiny.yaml', '--objective', 'speed'],
      /--objective must be makespan, balance, energy or composite/,
    ],
    [
      ['tune', 'scenarios/small/tiny.yaml', '--strategy', 'eft'],
      /--strategy must be weighted or hierarchical/,
    ],
    [['run', 'scenarios/small/tiny.yaml', '--strategy', 'weighted'], null],
  ])('%j', (args, message) => {
    const r = cli(args);
    if (message) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    } else expect(r.code).toBe(0);
  });
});
