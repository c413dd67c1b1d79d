/**
 * Engine and simulator benchmarks (`npm run bench -- engine`):
 * - decision loop: one TaskFinished stimulus that frees a slot and places exactly one ready task,
 *   at 100 / 1,000 / 10,000 agents (10 clusters, 4 slots each, tasks with two parents' outputs to fetch),
 *   for the baselines and for the scheduling framework with all seven score plugins on (`weighted`,
 *   `hierarchical` with its default weights);
 * - event queue push+pop with 10,000 pending events;
 * - the standard 1000×10k scenario end to end (simulated events per second), in a fresh child process
 *   (sim-events-child.ts): its first, cold run as `agentsched run` sees it, then tinybench's warm runs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { createEngine, handleStimulus } from '../../engine/core/engine.js';
import type { EngineState } from '../../engine/core/state.js';
import type { Command } from '../../engine/core/stimuli.js';
import { createRandom, type Random } from '../../engine/model/random.js';
import type { TaskSpec } from '../../engine/model/types.js';
import { EventQueue } from '../../sim/event-queue.js';
import { buildDist } from './build-dist.js';

interface Loop {
  s: EngineState;
  running: { taskId: string; agentId: string; attempt: number }[];
  head: number;
  now: number;
  agents: number;
  tasksPerBatch: number;
  batches: number;
  random: Random;
}

function track(loop: Loop, cmds: Command[]): void {
  for (const c of cmds)
    if (c.kind === 'AssignTask')
      loop.running.push({ taskId: c.taskId, agentId: c.agentId, attempt: c.attempt });
}

/**
 * An engine with `agents` agents (4 slots each) running 2 chains per agent, so half the fleet's slots are
 * free: every finish makes the chain's next task ready, and placing it scores every agent with a free
 * slot (~all of them), as in a lightly loaded fleet. `tasksPerBatch` tasks are submitted at a time; when
 * every chain has ended, `refill` submits the next batch (outside the timed step).
 */
export function decisionLoop(agents: number, strategy: string, tasksPerBatch: number): Loop {
  const random = createRandom(1);
  const s = createEngine({ strategy, keepStory: false }, random);
  const r = random.fork('bench');
  const loop: Loop = { s, running: [], head: 0, now: 0, agents, tasksPerBatch, batches: 0, random: r };
  for (let i = 0; i < agents; i++) {
    const agent = {
      id: `a${i}`,
      cluster: `c${i % 10}`,
      type: 'std',
      capabilities: ['cpu'],
      slots: 4,
      speed: 0.5 + r.next() * 1.5,
      memoryMb: 16384,
      powerIdleW: 80 + r.int(60),
      powerMaxW: 200 + r.int(200),
    };
    track(loop, handleStimulus(s, { kind: 'AgentJoined', agent }, { nowMs: 0 }));
  }
  submitBatch(loop);
  return loop;
}

/** Submits the next batch of 2 chains per agent; their heads are placed at once. */
function submitBatch(loop: Loop): void {
  const r = loop.random;
  const b = loop.batches++;
  const chains = loop.agents * 2;
  const length = Math.max(2, Math.ceil(loop.tasksPerBatch / chains));
  const tasks: TaskSpec[] = [];
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < length; k++) {
      tasks.push({
        id: `b${b}.c${c}.${k}`,
        type: k % 3 === 0 ? 'etl' : 'compute',
        workUnits: 500 + r.int(1000),
        cpuDemand: 1,
        memoryMb: 0,
        inputBytes: 0,
        outputBytes: 1e5 + r.int(1e6),
        priority: 0,
        parents: k > 0 ? [`b${b}.c${c}.${k - 1}`] : [],
      });
    }
  }
  const before = loop.running.length;
  track(
    loop,
    handleStimulus(loop.s, { kind: 'DagSubmitted', dag: { id: `work${b}`, tasks } }, { nowMs: loop.now }),
  );
  if (loop.running.length - before !== chains) throw new Error('bench set-up: chain heads not placed');
}

/** Called after each timed step: once every chain has ended, the next batch (a fast machine needs several). */
export function refill(loop: Loop): void {
  if (loop.head >= loop.running.length) submitBatch(loop);
}

/** One decision: finish the oldest running task, which places the next ready task on the freed slot. */
export function step(loop: Loop): void {
  const job = loop.running[loop.head++]!;
  loop.now++;
  track(loop, handleStimulus(loop.s, { kind: 'TaskFinished', ...job }, { nowMs: loop.now }));
}

const us = (ms: number) => (ms * 1000).toFixed(1);

export default async function main(): Promise<void> {
  const bench = new Bench({ time: 1500, warmupTime: 200 } as ConstructorParameters<typeof Bench>[0]);
  const loops: Loop[] = [];
  const cases: [number, string][] = [
    [100, 'eft'],
    [1000, 'eft'],
    [10_000, 'eft'],
    [1000, 'least-loaded'],
    [1000, 'round-robin'],
    [1000, 'random'],
    [1000, 'weighted'],
    [10_000, 'weighted'],
    [1000, 'hierarchical'],
    [10_000, 'hierarchical'],
  ];
  for (const [n, strategy] of cases) {
    const loop = decisionLoop(n, strategy, Math.max(100_000, n * 60));
    bench.add(`decision ${strategy} @ ${n} agents`, () => step(loop), { afterEach: () => refill(loop) });
    loops.push(loop);
  }
  const q = new EventQueue(1 << 15);
  for (let i = 0; i < 10_000; i++) q.push(i * 7, 1, i, 0);
  let t = 70_000;
  bench.add('event queue push+pop @ 10k pending', () => {
    q.pop();
    t += 7;
    q.push(t, 1, 0, 0);
  });
  await bench.run();
  for (const l of loops) {
    if (l.s.stats.staleReports > 0) throw new Error('bench: the engine saw stale reports (a bench bug)');
  }
  console.log('| case | p50 µs | p99 µs | ops/s |');
  console.log('|---|---:|---:|---:|');
  for (const task of bench.tasks) {
    const r = task.result as { latency?: { p50: number; p99: number }; throughput?: { mean: number } };
    if (!r.latency || !r.throughput) continue;
    console.log(
      `| ${task.name} | ${us(r.latency.p50)} | ${us(r.latency.p99)} | ${Math.round(r.throughput.mean).toLocaleString('en-US')} |`,
    );
  }

  console.log(`\n${simulatorEventsPerSec()}`);
}

interface SimChildResult {
  scenario: string;
  events: number;
  cold: { wallMs: number; eventsPerSec: number; peakRssMb: number };
  warmSimWallMs: number[];
  runMs: { p50: number; p99: number; mean: number } | null;
  decisionsUs: { p50: number; p99: number; max: number };
  sameDigest: boolean;
}

/**
 * Runs the standard scenario in a fresh process (with `agentsched run`'s V8 flags; the child lowers its
 * helper threads' priority as the CLI does) and formats its figures.
 */
function simulatorEventsPerSec(): string {
  const child = join(import.meta.dirname, 'sim-events-child.ts');
  // The compiled code `agentsched run` runs: the child's cold run through tsx (esbuild's output) took
  // 276–339 ms, median 291, against 263–297 ms, median 272, from dist/ (5 interleaved runs).
  const runs = buildDist();
  const r = spawnSync(
    process.execPath,
    ['--min-semi-space-size=16', '--max-inlined-bytecode-size-cumulative=300', '--import', 'tsx', child],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, SIM_BENCH_FROM_DIST: '1' },
    },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`simulator bench child failed: ${r.stderr}`);
  const j = JSON.parse(line) as SimChildResult;
  if (!j.sameDigest) throw new Error('simulator bench: runs of the same scenario gave different digests');
  const rates = j.warmSimWallMs.map((ms) => j.events / (ms / 1000)).sort((a, b) => a - b);
  const at = (q: number) => rates[Math.min(rates.length - 1, Math.floor(q * rates.length))]!;
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  return [
    `${j.scenario}: ${j.events.toLocaleString('en-US')} events per run (fresh process, ${runs})`,
    '| run | sim wall ms | events/s |',
    '|---|---:|---:|',
    `| cold (first run, as \`agentsched run\`) | ${j.cold.wallMs.toFixed(0)} | ${m(j.cold.eventsPerSec)} |`,
    `| warm, median of ${rates.length} (tinybench) | ${((j.events / at(0.5)) * 1000).toFixed(0)} | ${m(at(0.5))} |`,
    `| warm, slowest | ${((j.events / rates[0]!) * 1000).toFixed(0)} | ${m(rates[0]!)} |`,
    `| warm, fastest | ${((j.events / rates[rates.length - 1]!) * 1000).toFixed(0)} | ${m(rates[rates.length - 1]!)} |`,
    j.runMs
      ? `whole run incl. workload generation and summary (tinybench): p50 ${j.runMs.p50.toFixed(0)} ms, p99 ${j.runMs.p99.toFixed(0)} ms`
      : '',
    `in-run decision latency p50 ${j.decisionsUs.p50} µs, p99 ${j.decisionsUs.p99} µs; peak RSS ${j.cold.peakRssMb} MB; every run gave the same digest`,
  ].join('\n');
}
