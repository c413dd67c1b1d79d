#!/usr/bin/env node
// Launcher: runs the compiled CLI from dist/ (built by `npm install` / `npm ci` via the prepare script).
// When dist/ is missing or older than the TypeScript sources (a checkout being edited), it runs the
// sources through tsx instead, so the command never runs stale code. AGENTSCHED_FROM_DIST=1 runs dist/
// regardless (benchmarks build it first and must not fall back to tsx when a source changes mid-run).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A larger young generation for isolates created from here on — a sweep's worker threads: the 15-run
// standard sweep on one worker does 56 scavenges instead of 66 (its wall time did not change measurably).
// The main isolate's young generation is sized before this line runs: a `run` does 17 scavenges with it
// and 18 without (6 with `node --min-semi-space-size=16`, which was not faster either: median sim 306 ms
// against 297 ms in 10 interleaved runs).
setFlagsFromString('--min-semi-space-size=16');
// Half of V8's default inlining budget per optimised function. A short run is bound by TurboFan: on the
// standard scenario the optimising compiler executed 39% of all instructions of the process (callgrind,
// --single-threaded), more than the simulation itself, and hot functions wait for it. With half the
// budget it does 22% less work for 7% more instructions in the compiled code: the cold run is ~15%
// faster and warm runs are unchanged within noise (docs/simulator.md). Long-lived processes (the live
// engine, the agents) keep V8's default: their warm-up is paid once.
// `run` — one simulation, cold, whose compiler threads run below the main thread's priority
// (engine/adapters/background-threads.ts) and so share one core — gets a third of the default: its
// simulation took 257 / 264 ms at the median of 8 / 10 interleaved runs against 272 / 283 ms with 460.
// A sweep's workers run many simulations each, where the compiled code's quality counts more: 300 made
// the 15-run standard sweep on 2 workers slower (2.96–3.25 s against 2.70–2.77 s with 460).
const command = process.argv[2] ?? '';
if (command === 'run') {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
} else if (!['serve', 'agent'].includes(command)) {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=460');
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'engine', 'cli', 'main.js');

function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsFresh() {
  if (!existsSync(built)) return false;
  const builtMs = statSync(built).mtimeMs;
  return ['engine', 'sim', 'reports'].every(
    (d) => !existsSync(join(root, d)) || newestSourceMs(join(root, d)) <= builtMs,
  );
}

const fromDist = process.env.AGENTSCHED_FROM_DIST === '1' && existsSync(built);
if (fromDist || (process.env.AGENTSCHED_FROM_SOURCE !== '1' && distIsFresh())) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'engine', 'cli', 'main.ts')).href);
}
