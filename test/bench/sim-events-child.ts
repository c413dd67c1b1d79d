/**
 * Child process of `npm run bench -- engine` for the simulator's events/s: the standard scenario in a
 * fresh process (the decision benchmarks before it leave a large heap and a JIT shaped by other code).
 * Prints one JSON line: the first (cold) run as `agentsched run` sees it, then tinybench's warm runs.
 */
import { join } from 'node:path';
import { Bench } from 'tinybench';

// SIM_BENCH_FROM_DIST=1 (set by the parent after building): the compiled dist/ that `agentsched run`
// runs, not the sources through tsx.
const root = process.env.SIM_BENCH_FROM_DIST === '1' ? '../../dist/' : '../../';
const { lowerBackgroundThreads } = (await import(
  `${root}engine/adapters/background-threads.js`
)) as typeof import('../../engine/adapters/background-threads.js');
const { runScenario } = (await import(
  `${root}sim/run-scenario.js`
)) as typeof import('../../sim/run-scenario.js');
const { loadScenarioFile } = (await import(
  `${root}sim/scenario/load.js`
)) as typeof import('../../sim/scenario/load.js');

const file =
  process.argv[2] ?? join(import.meta.dirname, '..', '..', 'scenarios', 'standard', 'standard-1000x10k.yaml');
const iterations = Number(process.env.SIM_BENCH_ITERATIONS ?? 10);
const loaded = loadScenarioFile(file);
// As `agentsched run` does (engine/cli/main.ts): V8's compiler and GC threads below this thread's
// priority when a CPU is left over for them (judged after the loading above, as the CLI does).
lowerBackgroundThreads();

const cold = runScenario(loaded).result;
const warm: { events: number; wallMs: number; digest: string }[] = [];
const bench = new Bench({ iterations, warmupIterations: 2, time: 0, warmupTime: 0 });
bench.add('standard run', () => {
  const r = runScenario(loaded).result;
  warm.push({ events: r.sim.events, wallMs: r.sim.wallMs, digest: r.digest });
});
await bench.run();
const task = bench.tasks[0]!;
const lat = (task.result as { latency?: { p50: number; p99: number; mean: number } }).latency;
// The warm-up iterations also pushed: keep the measured ones (the last `iterations`).
const measured = warm.slice(-iterations);
const digests = new Set([cold.digest, ...warm.map((w) => w.digest)]);
console.log(
  JSON.stringify({
    scenario: cold.scenario,
    events: cold.sim.events,
    cold: { wallMs: cold.sim.wallMs, eventsPerSec: cold.sim.eventsPerSec, peakRssMb: cold.sim.peakRssMb },
    warmSimWallMs: measured.map((w) => w.wallMs),
    runMs: lat ? { p50: lat.p50, p99: lat.p99, mean: lat.mean } : null,
    decisionsUs: cold.decisions.latencyUs,
    sameDigest: digests.size === 1,
  }),
);
