import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'agentsched-cli-'));

describe('agentsched run (end to end through the CLI)', () => {
  it('simulates a small scenario, prints the summary and writes the result JSON', () => {
    const out = join(tmp, 'result.json');
    const r = cli(['run', 'scenarios/small/faults-small.yaml', '--json', out, '--check-invariants', 'full']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const word of [
      'makespan',
      'completed',
      'lost',
      'p99',
      'CV',
      'faults',
      'events/s',
      'wall time',
      'digest',
    ]) {
      expect(r.stdout).toContain(word);
    }
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result).toMatchObject({ scenario: 'faults-small', seed: 11, strategy: 'eft', agents: 40 });
    expect(result.tasks.lost).toBe(0);
    expect(result.tasks.duplicateCompletions).toBe(0);
    expect(result.tasks.completed + result.tasks.failed).toBe(result.tasks.submitted);
    expect(result.faults.injected).toBeGreaterThan(0);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    for (const key of ['makespanMs', 'energyJ']) expect(result[key]).toBeGreaterThan(0);
    expect(Object.keys(result.decisions.latencyUs)).toEqual(expect.arrayContaining(['p50', 'p99', 'max']));
    expect(Object.keys(result.sim)).toEqual(expect.arrayContaining(['events', 'wallMs', 'eventsPerSec']));
    expect(result.balance.utilizationCv).toBeGreaterThanOrEqual(0);
  });

  it('--seed and --strategy override the scenario; --quiet prints nothing; the digest follows the seed', () => {
    const a = cli([
      'run',
      'scenarios/small/tiny.yaml',
      '--seed',
      '5',
      '--strategy',
      'round-robin',
      '--json',
      '-',
    ]);
    const b = cli([
      'run',
      'scenarios/small/tiny.yaml',
      '--seed',
      '5',
      '--strategy',
      'round-robin',
      '--json',
      '-',
    ]);
    const c = cli([
      'run',
      'scenarios/small/tiny.yaml',
      '--seed',
      '6',
      '--strategy',
      'round-robin',
      '--json',
      '-',
    ]);
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.stdout);
    expect(ra).toMatchObject({ seed: 5, strategy: 'round-robin' });
    expect(JSON.parse(b.stdout).digest).toBe(ra.digest);
    expect(JSON.parse(c.stdout).digest).not.toBe(ra.digest);
    const q = cli(['run', 'scenarios/small/tiny.yaml', '--quiet']);
    expect([q.code, q.stdout]).toEqual([0, '']);
  });

  it.each([
    [['run', 'scenarios/small/bad-example.yaml'], /bad-example\.yaml:4: fleet\.agents is -5; expected >= 1/],
    [['run', 'no/such/file.yaml'], /no\/such\/file\.yaml: cannot read scenario file \(no such file\)/],
    [
      ['run', 'scenarios/small/tiny.yaml', '--strategy', 'fastest'],
      /unknown strategy "fastest"; expected one of: .*eft/,
    ],
    [['run', 'scenarios/small/tiny.yaml', '--seed', '-3'], /--seed must be a non-negative integer/],
    [['run'], /missing required argument 'scenario'/],
  ])('bad input %j exits 2 with a clear message and no stack trace', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a file that is not a scenario at all', () => {
    const f = join(tmp, 'list.yaml');
    writeFileSync(f, '- 1\n- 2\n');
    const r = cli(['run', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a scenario must be a mapping/);
  });

  it('explains every option in --help', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/run \[options\] <scenario>/);
    const run = cli(['run', '--help']);
    for (const opt of ['--seed', '--strategy', '--json', '--quiet', '--check-invariants'])
      expect(run.stdout).toContain(opt);
  });

  it('prints the package version for --version / -V', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('ends quietly with status 141 when its reader closes stdout early (`| head`)', async () => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'agentsched.js'), 'run', 'scenarios/small/tiny.yaml'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(141);
  });
});
