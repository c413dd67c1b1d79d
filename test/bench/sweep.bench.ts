/**
 * Sweep speed-up benchmark (`npm run bench -- sweep`): the standard scenario's strategy sweep (3 strategies ×
 * SWEEP_BENCH_SEEDS seeds, default "5,20": 15 and 60 runs) through the real CLI with 1 and 2 worker threads,
 * in interleaved pairs (SWEEP_BENCH_ROUNDS, default "5,2" per size; the order inside a pair alternates).
 *
 * Per invocation it measures the wall time from spawn to exit (what a user waits for), the CPU time of the
 * whole process tree (Linux: the children's time the kernel accounts to this process once they exit), when
 * the first record arrived and the pace of the records after each worker's first one, read from the
 * timestamps of the progress lines the CLI writes to stderr (one per finished run). Reports medians and
 * ranges per worker count and the speed-up of each pair.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveCpus } from '../../engine/adapters/background-threads.js';
import { repoRoot } from '../helpers/cli.js';
import { buildDist } from './build-dist.js';

const list = (k: string, d: string) =>
  (process.env[k] ?? d)
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
const SEEDS = list('SWEEP_BENCH_SEEDS', '5,20');
const ROUNDS = list('SWEEP_BENCH_ROUNDS', '5,2');
const WORKERS = list('SWEEP_BENCH_WORKERS', '1,2');
const STRATEGIES = ['eft', 'least-loaded', 'round-robin'];
const LO = Math.min(...WORKERS);
const HI = Math.max(...WORKERS);

interface Invocation {
  workers: number;
  wallMs: number;
  /** User + system CPU of the CLI process and its threads, ms; undefined off Linux. */
  cpuMs: number | undefined;
  /** Wall time from spawn to the first finished run's progress line, ms. */
  firstMs: number;
  /** Mean wall time per run after every worker's first run: (last − W-th record) / (runs − W), ms. */
  laterPerRunMs: number;
}

/** CPU time (ms) of this process's exited and reaped children, from /proc/self/stat; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at indexes 13 and 14.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function sweepOnce(file: string, outDir: string, workers: number, runs: number): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'agentsched.js'),
        'sweep',
        file,
        '--workers',
        String(workers),
        '--fresh',
        '--out',
        outDir,
        '--json',
        join(outDir, 'summary.json'),
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, AGENTSCHED_FROM_DIST: '1', NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const finishedAt: number[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const now = performance.now() - t0;
      stderr += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (/^run \d+\/\d+ /.test(line)) finishedAt.push(now);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const cpu1 = childrenCpuMs();
      if (code !== 0) return reject(new Error(`sweep --workers ${workers} exited with ${code}:\n${stderr}`));
      if (finishedAt.length !== runs) {
        return reject(new Error(`expected ${runs} progress lines, read ${finishedAt.length}:\n${stderr}`));
      }
      const w = Math.min(workers, runs);
      resolve({
        workers,
        wallMs,
        cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
        firstMs: finishedAt[0]!,
        laterPerRunMs: runs > w ? (finishedAt[runs - 1]! - finishedAt[w - 1]!) / (runs - w) : Number.NaN,
      });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const range = (xs: number[], digits = 0) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const sec = (ms: number) => (ms / 1000).toFixed(2);

export default async function sweepBench(): Promise<void> {
  console.log(buildDist());
  const cpus = effectiveCpus();
  console.log(`${cpus} CPUs available; sizes ${SEEDS.map((s) => s * STRATEGIES.length).join(', ')} runs`);
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-sweep-bench-'));
  try {
    for (let si = 0; si < SEEDS.length; si++) {
      const seeds = SEEDS[si]!;
      const rounds = ROUNDS[si] ?? ROUNDS[ROUNDS.length - 1] ?? 1;
      const runs = seeds * STRATEGIES.length;
      const file = join(dir, `standard-${runs}.yaml`);
      writeFileSync(
        file,
        `name: bench-${runs}\nscenario: ${JSON.stringify(join(repoRoot, 'scenarios', 'standard', 'standard-1000x10k.yaml'))}\n` +
          `strategies: [${STRATEGIES.join(', ')}]\nseeds: ${seeds}\n`,
      );
      const byWorkers = new Map<number, Invocation[]>(WORKERS.map((w) => [w, []]));
      const ratios: number[] = [];
      const ceilings: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? WORKERS : [...WORKERS].reverse();
        const got = new Map<number, Invocation>();
        for (const w of order) {
          const inv = await sweepOnce(file, join(dir, `out-${runs}-${w}`), w, runs);
          got.set(w, inv);
          byWorkers.get(w)!.push(inv);
        }
        if (LO !== HI) {
          ratios.push(got.get(LO)!.wallMs / got.get(HI)!.wallMs);
          // The most HI workers could gain: their process cannot finish before its CPU bill spread over
          // every CPU it may use, against the LO-worker wall time (a loose bound with CPUs to spare).
          const cpuHi = got.get(HI)!.cpuMs;
          if (cpuHi !== undefined && cpuHi > 0) ceilings.push((got.get(LO)!.wallMs * cpus) / cpuHi);
        }
        console.log(
          `  ${runs} runs, round ${r + 1}/${rounds}: ` +
            order.map((w) => `${w} worker(s) ${sec(got.get(w)!.wallMs)} s`).join(', '),
        );
      }
      console.log(
        `\n${runs} runs (3 strategies × ${seeds} seeds, standard scenario), ${rounds} interleaved rounds`,
      );
      console.log(
        '| workers | wall s, median (range) | CPU s, median | first record at, s | then a record every, ms |',
      );
      console.log('|---|---|---|---|---|');
      for (const w of WORKERS) {
        const xs = byWorkers.get(w)!;
        const cpu = xs.map((x) => x.cpuMs).filter((c): c is number => c !== undefined);
        console.log(
          `| ${w} | ${sec(median(xs.map((x) => x.wallMs)))} (${range(
            xs.map((x) => x.wallMs / 1000),
            2,
          )}) | ` +
            `${cpu.length ? sec(median(cpu)) : 'n/a'} | ${sec(median(xs.map((x) => x.firstMs)))} | ` +
            `${median(xs.map((x) => x.laterPerRunMs)).toFixed(0)} |`,
        );
      }
      if (ratios.length > 0) {
        const pace = (w: number) => median(byWorkers.get(w)!.map((x) => x.laterPerRunMs));
        console.log(
          `speed-up ${LO} → ${HI} workers: median ${median(ratios).toFixed(2)}× (pairs ${range(ratios, 2)}×); ` +
            `after every worker's first run, records arrive ${(pace(LO) / pace(HI)).toFixed(2)}× as fast`,
        );
        if (ceilings.length > 0) {
          console.log(
            `ceiling from CPU time: ${HI} workers need ${sec(median(byWorkers.get(HI)!.map((x) => x.cpuMs ?? Number.NaN)))} s of CPU; ` +
              `spread over ${cpus} CPUs that allows at most ${median(ceilings).toFixed(2)}× (pairs ${range(ceilings, 2)}×)`,
          );
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
