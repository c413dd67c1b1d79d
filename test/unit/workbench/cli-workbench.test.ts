import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readResultsFile } from '../../../sim/sweep/results-file.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const fixtures = join(root, 'test', 'unit', 'workbench', 'fixtures');
const tmp = () => mkdtempSync(join(tmpdir(), 'agentsched-cli-'));

/** Runs the CLI as users do; the launcher itself falls back to the sources when dist/ is stale. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'agentsched.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStack(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('agentsched sweep / report / gate (end to end)', () => {
  it('runs a sweep with --json -: only JSON on stdout, plain progress lines on stderr', () => {
    const out = tmp();
    const r = cli([
      'sweep',
      join(fixtures, 'micro-sweep.yaml'),
      '--out',
      out,
      '--workers',
      '2',
      '--json',
      '-',
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totalRuns).toBe(12);
    expect(doc.summary.best.map((b: { metric: string }) => b.metric)).toContain('makespanMs');
    expect(r.stderr).toMatch(/^sweep: 12 runs, 0 already done, 2 worker threads\nrun 1\/12 /);
    expect(readResultsFile(join(out, 'results.jsonl')).records).toHaveLength(12);
    const table = cli(['sweep', join(fixtures, 'micro-sweep.yaml'), '--out', out]);
    expect(table.stdout).toMatch(/12 runs \(0 now, 12 resumed\)/);
    expect(table.stdout).toMatch(/makespan\s+lower\s+\S+ fleet\.agents=\d/);
  });

  it('resumes after the process is killed mid-sweep', async () => {
    const out = tmp();
    const sweep = join(tmp(), 'slow-sweep.yaml');
    writeFileSync(
      sweep,
      `name: slow\nscenario: ${join(fixtures, 'micro.yaml')}\nstrategies: [eft, round-robin, least-loaded]\nseeds: 20\n`,
    );
    const results = join(out, 'results.jsonl');
    const child: ChildProcess = spawn(
      process.execPath,
      [join(root, 'bin', 'agentsched.js'), 'sweep', sweep, '--out', out, '--workers', '1', '--quiet'],
      { cwd: root },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    await new Promise<void>((resolveWait, reject) => {
      let killed = false;
      const timer = setInterval(() => {
        const n = existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter(Boolean).length : 0;
        if (n >= 2) {
          killed = true;
          clearInterval(timer);
          child.kill('SIGKILL');
          resolveWait();
        }
      }, 20);
      child.on('exit', (code) => {
        clearInterval(timer);
        if (!killed) reject(new Error(`the sweep ended (exit ${code}) before it was interrupted: ${stderr}`));
      });
    });
    const before = readResultsFile(results).records.length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(60);
    const r = cli(['sweep', sweep, '--out', out, '--json', '-', '--quiet']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.resumed).toBe(before);
    expect(doc.ranNow).toBe(60 - before);
    expect(readResultsFile(results).records.map((x) => x.index)).toEqual([...Array(60).keys()]);
  });

  it('rejects bad input with exit 2, a located message and no stack trace', () => {
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(bad, `scenario: ${join(fixtures, 'micro.yaml')}\nstrategies: [eft]\nseeds: [1, x]\n`);
    const r = cli(['sweep', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .*bad\.yaml:3: seeds\.1: must be an integer ≥ 0, got "x"/);
    noStack(r.stderr);
    const gate = cli([
      'gate',
      '--baseline',
      join(fixtures, 'micro.yaml'),
      '--current',
      join(fixtures, 'micro.yaml'),
    ]);
    expect(gate.status).toBe(2);
    expect(gate.stderr).toMatch(/^error: --current: .*micro\.yaml: not valid JSON/);
    noStack(gate.stderr);
  });

  it('merges shards, writes a report and gates a regression (table, JSON, JUnit)', () => {
    const shared = tmp();
    for (const s of ['0/2', '1/2']) {
      expect(
        cli(['sweep', join(fixtures, 'micro-sweep.yaml'), '--out', shared, '--shard', s, '--quiet']).status,
      ).toBe(0);
    }
    const merged = tmp();
    const m = cli(['sweep', 'merge', shared, '--out', merged]);
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/^merged 12 of 12 runs from 2 file\(s\)/);

    const reportDir = tmp();
    const rep = cli(['report', merged, '--out', reportDir]);
    expect(rep.status).toBe(0);
    expect(rep.stdout).toMatch(/report → .*index\.html \(7 charts/);

    // A slower "current": every makespan 20% longer.
    const slower = readResultsFile(join(merged, 'results.jsonl')).records.map((r) => ({
      ...r,
      metrics: { ...r.metrics, makespanMs: r.metrics.makespanMs * 1.2 },
    }));
    const slowerPath = join(tmp(), 'slower.json');
    writeFileSync(slowerPath, JSON.stringify(slower));
    const junit = join(tmp(), 'gate.xml');
    const fail = cli([
      'gate',
      '--baseline',
      merged,
      '--current',
      slowerPath,
      '--junit',
      junit,
      '--json',
      join(merged, 'gate.json'),
    ]);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/^gate FAIL: 4 regression/);
    expect(fail.stdout).toMatch(/makespan\s+lower\s.*\+20\.0%.*REGRESSION/);
    expect(readFileSync(junit, 'utf8')).toContain('failures="4"');
    expect(JSON.parse(readFileSync(join(merged, 'gate.json'), 'utf8'))).toMatchObject({
      passed: false,
      regressions: 4,
    });
  });

  it('writes the single-run report with agentsched run --report', () => {
    const dir = tmp();
    const r = cli(['run', join(fixtures, 'micro.yaml'), '--report', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/report\s+.*index\.html/);
    expect(existsSync(join(dir, 'charts', 'gantt.svg'))).toBe(true);
  });
});
