import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backgroundNiceFromEnv,
  cgroupCpuLimit,
  DEFAULT_BACKGROUND_NICE,
  effectiveCpus,
  lowerBackgroundThreads,
  lowerBackgroundThreadsFromEnv,
  othersBusyCpus,
  sampleCpu,
  threadNice,
} from '../../../engine/adapters/background-threads.js';
import { cli, repoRoot } from '../../helpers/cli.js';

const linux = process.platform === 'linux';
const FORCE = { AGENTSCHED_BACKGROUND_NICE: '19' };
const hasTaskset = linux && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** Runs an ES module snippet (TypeScript imports allowed) in a child node; returns its JSON output. */
function child(lines: string[]): unknown {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', lines.join('\n')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout);
}

/** Nice value of each thread of process `pid`, main thread first (threads that ended are left out). */
function nices(pid: number): { tid: number; nice: number }[] {
  const out: { tid: number; nice: number }[] = [];
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    const nice = threadNice(Number(t), pid);
    if (nice !== undefined) out.push({ tid: Number(t), nice });
  }
  return out.sort((a, b) => (a.tid === pid ? -1 : b.tid === pid ? 1 : a.tid - b.tid));
}

describe('AGENTSCHED_BACKGROUND_NICE', () => {
  it('defaults to automatic nice 19 and accepts auto or 0–19 (then forced)', () => {
    expect(backgroundNiceFromEnv({})).toEqual({ nice: DEFAULT_BACKGROUND_NICE, forced: false });
    expect(DEFAULT_BACKGROUND_NICE).toBe(19);
    expect(backgroundNiceFromEnv({ AGENTSCHED_BACKGROUND_NICE: 'auto' })).toEqual({
      nice: 19,
      forced: false,
    });
    expect(backgroundNiceFromEnv({ AGENTSCHED_BACKGROUND_NICE: ' 10 ' })).toEqual({ nice: 10, forced: true });
    expect(backgroundNiceFromEnv({ AGENTSCHED_BACKGROUND_NICE: '0' })).toEqual({ nice: 0, forced: true });
  });

  it.each(['abc', '20', '-1', '1.5', '1e1'])('rejects %j, naming the variable and the range', (v) => {
    const r = backgroundNiceFromEnv({ AGENTSCHED_BACKGROUND_NICE: v });
    expect(r).toEqual({
      error: expect.stringMatching(
        /^AGENTSCHED_BACKGROUND_NICE must be "auto" or an integer from 0 .* to 19, got "/,
      ),
    });
  });

  it('lowerBackgroundThreadsFromEnv passes the error on, and 0 leaves the threads alone', () => {
    expect(lowerBackgroundThreadsFromEnv(1, { AGENTSCHED_BACKGROUND_NICE: 'x' })).toEqual({
      error: expect.stringMatching(/^AGENTSCHED_BACKGROUND_NICE must be/),
    });
    expect(lowerBackgroundThreadsFromEnv(1, { AGENTSCHED_BACKGROUND_NICE: '0' })).toEqual({
      threads: 0,
      lowered: 0,
      skipped: 'nice 0 asked for',
    });
  });

  it('`agentsched sweep` reports a bad value with exit status 2 and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-nice-'));
    const r = cli(
      [
        'sweep',
        'test/unit/workbench/fixtures/micro-sweep.yaml',
        '--workers',
        '1',
        '--fresh',
        '--quiet',
        '--out',
        dir,
      ],
      { env: { AGENTSCHED_BACKGROUND_NICE: '20' } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: AGENTSCHED_BACKGROUND_NICE must be "auto" or an integer from 0 (leave helper threads alone) to 19, got "20"\n',
    );
  });

  it('lowerBackgroundThreads refuses a nice value outside 0–19', () => {
    expect(() => lowerBackgroundThreads(25)).toThrow(/from 0 to 19, got 25/);
    expect(lowerBackgroundThreads(0)).toMatchObject({ lowered: 0, skipped: 'nice 0 asked for' });
  });

  it('leaves the helper threads alone when no whole CPU is left over for them', () => {
    expect(lowerBackgroundThreads(19, { cpus: 1, othersBusy: 0 })).toMatchObject({
      threads: 0,
      lowered: 0,
      skipped: expect.stringMatching(
        /^(no CPU left over for helper threads \(1 CPUs, 1 busy threads|not Linux)/,
      ),
    });
    expect(lowerBackgroundThreads(19, { cpus: 2, busyThreads: 2, othersBusy: 0 }).lowered).toBe(0);
    expect(lowerBackgroundThreads(19, { cpus: 2.5, busyThreads: 2, othersBusy: 0 }).lowered).toBe(0);
    // Other processes keep the spare CPU busy: the helpers would starve at nice 19.
    expect(lowerBackgroundThreads(19, { cpus: 2, othersBusy: 0.5 })).toMatchObject({
      lowered: 0,
      skipped: expect.stringMatching(/(0\.5 CPUs used by other processes|not Linux)/),
    });
  });

  it('measures the CPU other processes used between two samples, net of its own', () => {
    const a = { total: 1000, idle: 800, own: 50, cpus: 2 };
    // 100 ticks on 2 CPUs (0.5 s): 60 busy, 30 of them this process's → others used 30/100 × 2 = 0.6 CPUs.
    expect(othersBusyCpus(a, { total: 1100, idle: 840, own: 80, cpus: 2 })).toBeCloseTo(0.6, 10);
    expect(othersBusyCpus(a, { total: 1100, idle: 870, own: 80, cpus: 2 })).toBe(0);
    // Too short a window (under 4 ticks per CPU) tells nothing.
    expect(othersBusyCpus(a, { total: 1007, idle: 805, own: 51, cpus: 2 })).toBeUndefined();
    expect(othersBusyCpus(undefined, a)).toBeUndefined();
    if (linux) {
      const now = sampleCpu()!;
      expect(now.cpus).toBeGreaterThan(0);
      expect(now.total).toBeGreaterThan(now.idle);
    }
  });

  it('reads a CPU quota from cgroup v2 and v1 files, the smallest one winning', () => {
    expect(cgroupCpuLimit({ cpuMax: [], cfs: [] })).toBe(Number.POSITIVE_INFINITY);
    expect(cgroupCpuLimit({ cpuMax: ['max 100000\n'], cfs: [{ quota: '-1\n', period: '100000\n' }] })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(cgroupCpuLimit({ cpuMax: ['150000 100000\n'], cfs: [] })).toBe(1.5);
    expect(cgroupCpuLimit({ cpuMax: [], cfs: [{ quota: '200000\n', period: '100000\n' }] })).toBe(2);
    expect(
      cgroupCpuLimit({
        cpuMax: ['400000 100000', 'max 100000'],
        cfs: [{ quota: '100000', period: '100000' }],
      }),
    ).toBe(1);
    expect(cgroupCpuLimit({ cpuMax: ['garbage'], cfs: [{ quota: '', period: '0' }] })).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(effectiveCpus()).toBeGreaterThan(0);
  });

  it('the CLI reports a bad value with exit status 2 and no stack trace', () => {
    const r = cli(['run', 'scenarios/small/tiny.yaml', '--quiet'], {
      env: { AGENTSCHED_BACKGROUND_NICE: 'low' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: AGENTSCHED_BACKGROUND_NICE must be "auto" or an integer from 0 (leave helper threads alone) to 19, got "low"\n',
    );
  });
});

describe.runIf(linux)('lowerBackgroundThreads (Linux)', () => {
  it('sets every thread but the main one to the nice value; threads started later keep the main one', () => {
    const r = child([
      "import { readlinkSync } from 'node:fs';",
      "import { Worker } from 'node:worker_threads';",
      "import { lowerBackgroundThreads, threadNice } from './engine/adapters/background-threads.ts';",
      // As on a 2-CPU machine, whatever this one has.
      'const result = lowerBackgroundThreads(19, { cpus: 2, othersBusy: 0 });',
      "const tids = (await import('node:fs')).readdirSync('/proc/self/task').map(Number);",
      'const helpers = tids.filter((t) => t !== process.pid).map((t) => threadNice(t));',
      // A worker thread created afterwards by the main thread (as a sweep's workers are).
      "const code = \"import { parentPort } from 'node:worker_threads'; import { readlinkSync } from 'node:fs'; parentPort.postMessage(readlinkSync('/proc/thread-self'));\";",
      'const link = await new Promise((ok) => new Worker(code, { eval: true }).once("message", ok));',
      "const workerTid = Number(String(link).split('/').pop());",
      'const worker = threadNice(workerTid);',
      'console.log(JSON.stringify({ result, main: threadNice(process.pid), helpers, worker, sawWorker: workerTid > 0 }));',
    ]) as {
      result: { threads: number; lowered: number };
      main: number;
      helpers: number[];
      worker: number;
      sawWorker: boolean;
    };
    // Node starts V8's platform threads (compiler, GC) before any script runs.
    expect(r.result.threads).toBeGreaterThanOrEqual(4);
    expect(r.result.lowered).toBe(r.result.threads);
    expect(r.main).toBe(0);
    expect(r.helpers.length).toBeGreaterThanOrEqual(4);
    expect(new Set(r.helpers)).toEqual(new Set([19]));
    expect(r.sawWorker).toBe(true);
    expect(r.worker).toBe(0);
  });

  it.runIf(effectiveCpus() >= 2)(
    '`agentsched run` runs its helper threads at nice 19 and its main thread at 0 while it simulates',
    async () => {
      // Forced: other test files running beside this one would otherwise count as a busy machine.
      const w = await watchThreads(['run', 'scenarios/standard/standard-1000x10k.yaml', '--quiet'], {
        env: FORCE,
      });
      expect(w.code).toBe(0);
      expect(w.mainNices).toEqual(new Set([0]));
      expect(w.helpersAt19).toBeGreaterThanOrEqual(4);
    },
    60_000,
  );

  it.runIf(hasTaskset)(
    '`agentsched run` confined to one CPU leaves its helper threads alone',
    async () => {
      // Forced (AGENTSCHED_BACKGROUND_NICE=19): the CPU count still rules it out.
      const w = await watchThreads(['run', 'scenarios/small/faults-small.yaml', '--quiet'], {
        prefix: ['taskset', '-c', '0'],
        env: FORCE,
      });
      expect(w.code).toBe(0);
      expect(w.polls).toBeGreaterThan(0);
      expect(w.helpersAt19).toBe(0);
    },
    60_000,
  );

  // As many CPU-bound processes as leave the run no spare CPU (one on a 2-CPU machine).
  const hogCount = Math.ceil(effectiveCpus()) - 1;
  it.runIf(hogCount >= 1 && hogCount <= 15)(
    '`agentsched run` on a machine kept busy by other processes leaves its helper threads alone',
    async () => {
      const hogs = Array.from({ length: hogCount }, () =>
        spawn(process.execPath, ['-e', 'const end = Date.now() + 30_000; while (Date.now() < end);'], {
          stdio: 'ignore',
        }),
      );
      try {
        await new Promise((ok) => setTimeout(ok, 300));
        const w = await watchThreads(['run', 'scenarios/standard/standard-1000x10k.yaml', '--quiet']);
        expect(w.code).toBe(0);
        expect(w.polls).toBeGreaterThan(0);
        expect(w.helpersAt19).toBe(0);
      } finally {
        for (const h of hogs) h.kill('SIGKILL');
      }
    },
    60_000,
  );

  it('`agentsched sweep` lowers them with a core left over, and not with a worker on every core', async () => {
    const sweep = ['sweep', 'test/unit/workbench/fixtures/micro-sweep.yaml', '--fresh', '--quiet'];
    const dir = mkdtempSync(join(tmpdir(), 'agentsched-nice-'));
    const cores = Math.floor(effectiveCpus());
    if (cores >= 2) {
      const one = await watchThreads([...sweep, '--workers', '1', '--out', join(dir, 'one')], { env: FORCE });
      expect(one.code).toBe(0);
      expect(one.helpersAt19).toBeGreaterThanOrEqual(4);
    }
    const all = await watchThreads([...sweep, '--workers', String(cores), '--out', join(dir, 'all')], {
      env: FORCE,
    });
    expect(all.code).toBe(0);
    expect(all.polls).toBeGreaterThan(0);
    expect(all.helpersAt19).toBe(0);
  }, 60_000);
});

/**
 * Runs the CLI and reads its threads' nice values from /proc every few milliseconds until it exits:
 * the main thread's values seen, the most threads seen at nice 19 at once, and how many polls saw it.
 */
async function watchThreads(args: string[], opts: { prefix?: string[]; env?: Record<string, string> } = {}) {
  const command = [...(opts.prefix ?? []), process.execPath, join(repoRoot, 'bin', 'agentsched.js'), ...args];
  const proc = spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    stdio: 'ignore',
    env: { ...process.env, ...opts.env },
  });
  const pid = proc.pid!;
  let done = false;
  const exited = new Promise<number | null>((ok) => proc.once('exit', ok));
  void exited.then(() => {
    done = true;
  });
  const mainNices = new Set<number>();
  let helpersAt19 = 0;
  let polls = 0;
  while (!done) {
    try {
      const now = nices(pid);
      if (now.length > 1) {
        polls++;
        mainNices.add(now[0]!.nice);
        helpersAt19 = Math.max(helpersAt19, now.slice(1).filter((t) => t.nice === 19).length);
      }
    } catch {
      // not started yet, or already gone
    }
    await new Promise((ok) => setTimeout(ok, 5));
  }
  return { code: await exited, mainNices, helpersAt19, polls };
}
