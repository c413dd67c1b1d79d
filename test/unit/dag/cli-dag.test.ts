import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  diffCommand,
  exportCommand,
  inspectCommand,
  validateCommand,
} from '../../../engine/cli/commands/dag.js';
import { UserError } from '../../../engine/cli/errors.js';
import { fixture, repoRoot } from './fixtures.js';

describe('dag inspect', () => {
  it('prints size, shape, critical path, CCR and bounds', () => {
    const out = inspectCommand(fixture('diamond.json'), { bandwidthBytesPerMs: '1000', agents: '2' });
    expect(out).toContain('dag diamond');
    expect(out).toContain('tasks 4, edges 4, sources 1, sinks 1');
    expect(out).toContain('depth 3, max width 2, total work 650 ms');
    // a(100) -> b(300) -> d(50) plus a→b 1000 B and b→d 2000 B at 1000 B/ms
    expect(out).toContain('critical path 453 ms (compute 450 ms, 3 tasks): a -> b -> d');
    expect(out).toContain(
      'lower bounds on 2 agent(s) x 1 slot(s) at speed 1: critical path 450 ms, work 350 ms => makespan >= 450 ms',
    );
  });

  it('prints JSON with --json', () => {
    const doc = JSON.parse(inspectCommand(fixture('alibaba-batch-task.csv'), { json: true }));
    expect(doc.format).toBe('alibaba-batch-task');
    expect(doc.dags.map((d: { id: string; depth: number }) => [d.id, d.depth])).toEqual([
      ['j_1', 4],
      ['j_2', 1],
      ['j_3', 2],
    ]);
  });

  it('rejects bad options and files with a UserError', () => {
    expect(() => inspectCommand(fixture('diamond.json'), { agents: '0' })).toThrow(
      /--agents is "0", expected a number >= 1/,
    );
    expect(() => inspectCommand(fixture('cycle.json'))).toThrow(UserError);
  });
});

describe('dag validate', () => {
  it('prints ok for a valid file', () => {
    expect(validateCommand(fixture('wfformat-1.5-small.json'))).toBe('ok: dag wfformat-1.5-small: 5 tasks\n');
  });

  it('lists every problem and names the ids', () => {
    let message = '';
    try {
      validateCommand(fixture('invalid-refs.json'));
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      message = (err as Error).message;
    }
    expect(message).toContain('4 problem(s)');
    expect(message).toContain('task id "a" is used twice');
    expect(message).toContain('task "b" names itself as a parent');
    expect(message).toContain('task "b" names parent "ghost"');
    expect(message).toContain('artifact "x" is written by two tasks, "a" and "b"');
    expect(() => validateCommand(fixture('cycle.json'))).toThrow(/cycle b -> c -> d -> b/);
  });
});

describe('dag diff', () => {
  it('shows tasks and edges added, removed and changed', () => {
    expect(diffCommand(fixture('diamond.json'), fixture('diamond-v2.json'))).toBe(
      [
        'dag diamond',
        '  + task e (compute, 10 ms)',
        '  - task c',
        '  ~ task b: workUnits 300 -> 350',
        '  + edge e -> d',
        '  + edge a -> e',
        '  - edge a -> c',
        '  - edge c -> d',
        '',
      ].join('\n'),
    );
    expect(diffCommand(fixture('diamond.json'), fixture('diamond.json'))).toBe(
      'dag diamond: no differences\n',
    );
  });
});

describe('dag export', () => {
  it('exports DOT and JSON, and rejects other formats', () => {
    expect(exportCommand(fixture('diamond.json'), 'dot')).toContain('"a" -> "b" [label="1.0 kB"];');
    const json = JSON.parse(exportCommand(fixture('wfformat-1.4-small.json'), 'json'));
    expect(json.format).toBe('agentsched-dag');
    expect(json.dags[0].tasks).toHaveLength(3);
    expect(() => exportCommand(fixture('diamond.json'), 'svg')).toThrow(
      /--format is "svg", expected dot or json/,
    );
  });
});

describe('agentsched dag (process)', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'engine/cli/main.ts'), 'dag', ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

  it('exits 2 with a one-line error and no stack trace on bad input', () => {
    const r = cli('validate', fixture('bad-field.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .*bad-field\.json: .*workUnits is "lots", expected a number >= 0\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes --out files and exits 0', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dag-cli-')), 'g.dot');
    const r = cli('export', '--format', 'dot', fixture('diamond.json'), '--out', out);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^digraph "diamond" \{/);
  });
});
