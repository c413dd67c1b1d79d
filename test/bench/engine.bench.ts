/**
 * Engine and simulator benchmarks (`npm run bench -- engine`):
 * - decision loop: one TaskFinished stimulus that frees a slot and places exactly one ready task,
 *   at 100 / 1,000 / 10,000 agents (10 clusters, 4 slots each, tasks with two parents' outputs to fetch),
 *   for the baselines and for the scheduling framework with all seven score plugins on (`weighted`,
 *   `hierarchical` with its default weights);
 * - event queue push+pop with 10,000 pending events;
 * - the standard 1000×10k scenario end to end (simulated events per second).
 */
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { createEngine, handleStimulus } from '../../engine/core/engine.js';
import type { EngineState } from '../../engine/core/state.js';
import type { Command } from '../../engine/core/stimuli.js';
import { createRandom } from '../../engine/model/random.js';
import type { TaskSpec } from '../../engine/model/types.js';
import { EventQueue } from '../../sim/event-queue.js';
import { runScenario } from '../../sim/run-scenario.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';

interface Loop {
  s: EngineState;
  running: { taskId: string; agentId: string; attempt: number }[];
  head: number;
  now: number;
}

function track(loop: Loop, cmds: Command[]): void {
  for (const c of cmds)
    if (c.kind === 'AssignTask')
      loop.running.push({ taskId: c.taskId, agentId: c.agentId, attempt: c.attempt });
}

/**
 * An engine with `agents` agents (4 slots each) running 2 chains per agent, so half the fleet's slots are
 * free: every finish makes the chain's next task ready, and placing it scores every agent with a free
 * slot (~all of them), as in a lightly loaded fleet.
 */
export function decisionLoop(agents: number, strategy: string, readyTasks: number): Loop {
  const random = createRandom(1);
  const s = createEngine({ strategy, keepStory: false }, random);
  const loop: Loop = { s, running: [], head: 0, now: 0 };
  const r = random.fork('bench');
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
  const chains = agents * 2;
  const length = Math.max(2, Math.ceil(readyTasks / chains));
  const tasks: TaskSpec[] = [];
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < length; k++) {
      tasks.push({
        id: `c${c}.${k}`,
        type: k % 3 === 0 ? 'etl' : 'compute',
        workUnits: 500 + r.int(1000),
        cpuDemand: 1,
        memoryMb: 0,
        inputBytes: 0,
        outputBytes: 1e5 + r.int(1e6),
        priority: 0,
        parents: k > 0 ? [`c${c}.${k - 1}`] : [],
      });
    }
  }
  track(loop, handleStimulus(s, { kind: 'DagSubmitted', dag: { id: 'work', tasks } }, { nowMs: 0 }));
  if (loop.running.length !== chains) throw new Error('bench set-up: chain heads not placed');
  return loop;
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
    const loop = decisionLoop(n, strategy, Math.max(400_000, n * 60));
    bench.add(`decision ${strategy} @ ${n} agents`, () => step(loop));
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
    if (l.s.stats.staleReports > 0 || l.head >= l.running.length)
      throw new Error('bench ran out of work: raise readyTasks');
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

  const loaded = loadScenarioFile(
    join(import.meta.dirname, '..', '..', 'scenarios', 'standard', 'standard-1000x10k.yaml'),
  );
  // One run to warm the JIT (a CLI run is cold: ~half the rate), then the median of three warm runs.
  runScenario(loaded);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(runScenario(loaded).result);
  runs.sort((a, b) => a.sim.eventsPerSec - b.sim.eventsPerSec);
  const mid = runs[1]!;
  console.log(
    `\nstandard-1000x10k (median of 3 warm runs): ${mid.sim.events.toLocaleString('en-US')} events in ${mid.sim.wallMs} ms = ${mid.sim.eventsPerSec.toLocaleString('en-US')} events/s; decision latency in-run p50 ${mid.decisions.latencyUs.p50} µs p99 ${mid.decisions.latencyUs.p99} µs; peak RSS ${mid.sim.peakRssMb} MB`,
  );
}
