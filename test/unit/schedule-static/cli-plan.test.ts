import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { topcuogluProblemJson } from './topcuoglu-example.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'agentsched-plan-'));

/**
 * Runs the CLI as users do (`node bin/agentsched.js`). The launcher prefers a build in dist/; when a stale
 * build without the plan command is lying around, run the sources exactly as the launcher's fallback does.
 */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dist = join(root, 'dist', 'engine', 'cli');
  const stale = existsSync(dist) && !existsSync(join(dist, 'commands', 'plan.js'));
  const command = stale
    ? ['--import', 'tsx', join(root, 'engine', 'cli', 'main.ts')]
    : [join(root, 'bin', 'agentsched.js')];
  const r = spawnSync(process.execPath, [...command, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('agentsched plan (end to end)', () => {
  const example = file('topcuoglu.json', topcuogluProblemJson());

  it('prints the HEFT schedule of the Topcuoglu example with makespan 80', () => {
    const r = cli(['plan', '--problem', example, '--strategy', 'heft']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['strategy', 'makespan', 'schedule']);
    expect(out.strategy).toBe('heft');
    expect(out.makespan).toBe(80);
    expect(out.schedule).toHaveLength(10);
    expect(Object.keys(out.schedule[0])).toEqual(['task', 'node', 'start', 'end']);
    expect(out.schedule[0]).toEqual({ task: 'n1', node: 'p3', start: 0, end: 9 });
  });

  it('writes the portfolio result to --json and beats HEFT', () => {
    const outPath = join(dir, 'out.json');
    const r = cli([
      'plan',
      '--problem',
      example,
      '--strategy',
      'portfolio',
      '--budget-ms',
      '200',
      '--json',
      outPath,
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(readFileSync(outPath, 'utf8'));
    expect(out.strategy).toBe('portfolio');
    expect(out.makespan).toBeLessThan(80);
  });

  it.each([
    [
      'a cycle',
      {
        tasks: { a: 1, b: 1 },
        edges: [
          ['a', 'b', 1],
          ['b', 'a', 1],
        ],
        nodes: { p: 1 },
      },
      /cycle: a → b → a/,
    ],
    [
      'an unknown task',
      { tasks: { a: 1 }, edges: [['a', 'zz', 1]], nodes: { p: 1 } },
      /edges\[0\]\[1\]: unknown task "zz"/,
    ],
    ['a missing link speed', { tasks: { a: 1 }, nodes: { p: 1, q: 1 } }, /no link speed for node pair p–q/],
    [
      'a negative cost',
      { tasks: { a: -2 }, nodes: { p: 1 } },
      /tasks\.a: expected a finite number ≥ 0, got -2/,
    ],
    ['bad JSON', '{"tasks": ', /is not valid JSON/],
  ])('exits 2 with a clear message on %s', (name, content, message) => {
    const path = file(`${name.replace(/ /g, '-')}.json`, content);
    const r = cli(['plan', '--problem', path, '--strategy', 'heft']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on an unknown strategy and a missing file', () => {
    expect(cli(['plan', '--problem', example, '--strategy', 'fifo']).stderr).toMatch(
      /--strategy must be one of heft, peft/,
    );
    expect(cli(['plan', '--problem', join(dir, 'absent.json')]).status).toBe(2);
  });
});
