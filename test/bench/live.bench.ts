/**
 * Live load benchmark (`npm run bench -- live`): one engine server process and 1,000 logical agents in
 * agent processes over loopback, heartbeating every second; DAGs of independent tasks submitted through
 * REST at a target rate; end-to-end throughput (completions/s), assignment latency measured by the agents
 * (core decision → agent receipt, and submission → agent receipt: the bench's tasks are DAG roots, whose
 * `readyAtMs` is when the REST request arrived); then one agent process holding 10% of
 * the agents is SIGKILLed mid-run and every orphaned task's reassignment delay is measured from the
 * WebSocket event stream; 0 lost tasks is checked at the end. Every phase is bounded in time.
 *
 * Knobs (environment): LIVE_BENCH_AGENTS (1000), LIVE_BENCH_RATE tasks/s (10000), LIVE_BENCH_SECONDS (20),
 * LIVE_BENCH_TASK_MS (200), LIVE_BENCH_SLOTS (4); LIVE_BENCH_PROFILE_DIR writes CPU profiles of the server
 * and of the first agent process (in its agents/ folder); LIVE_BENCH_SERVER_NODE_ARGS adds node flags to
 * the server (e.g. `--trace-gc`), whose output then goes to LIVE_BENCH_SERVER_LOG when set.
 * The server and agents run from the compiled dist/ (built first, as `npm run build` does), the way a user
 * runs them; LIVE_BENCH_FROM_SOURCE=1 runs the TypeScript sources through tsx instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { repoRoot } from '../helpers/cli.js';
import {
  api,
  type Proc,
  spawnCli,
  startServerProcess,
  stopProcess,
  TOKENS,
  waitFor,
} from '../helpers/live.js';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const AGENTS = env('LIVE_BENCH_AGENTS', 1000);
const RATE = env('LIVE_BENCH_RATE', 10_000);
const SECONDS = env('LIVE_BENCH_SECONDS', 20);
const TASK_MS = env('LIVE_BENCH_TASK_MS', 200);
const SLOTS = env('LIVE_BENCH_SLOTS', 4);
const HEARTBEAT_MS = 1000;
const SUBMIT_EVERY_MS = 100;
const SUBMITS_IN_FLIGHT_MAX = 8;
const VICTIM_SHARE = 0.1;
const AGENT_PROCESSES = 4;

interface Orphans {
  killAtMs: number;
  victims: Set<string>;
  /** task → { agent, attempt } of its latest decision. */
  latest: Map<string, { agentId: string; attempt: number; atMs: number }>;
  done: Set<string>;
  reassignDelaysMs: number[];
  orphaned: Set<string>;
  /** Tasks on victims the watcher had not yet seen done at the kill (some finish just before it). */
  inFlightAtKill: number;
  dropped: number;
}

/** Builds dist/ and makes the launcher run it (see bin/agentsched.js); returns what runs. */
function buildDist(): string {
  if (process.env.LIVE_BENCH_FROM_SOURCE === '1') {
    process.env.AGENTSCHED_FROM_SOURCE = '1';
    return 'sources through tsx';
  }
  const r = spawnSync(process.execPath, ['tools/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  // tsc still emits when a concurrent edit has a type error; only a missing build is fatal.
  if (!existsSync(join(repoRoot, 'dist', 'engine', 'cli', 'main.js')))
    throw new Error(`npm run build failed (exit ${r.status}) and dist/ has no CLI`);
  process.env.AGENTSCHED_FROM_DIST = '1';
  return r.status === 0 ? 'compiled dist/' : 'compiled dist/ (the build reported type errors)';
}

function spawnAgents(
  grpc: string,
  dir: string,
): { procs: Proc[]; victim: Proc; victimIds: string[]; statsFiles: string[] } {
  const victimCount = Math.round(AGENTS * VICTIM_SHARE);
  const rest = AGENTS - victimCount;
  const per = Math.ceil(rest / AGENT_PROCESSES);
  const procs: Proc[] = [];
  const statsFiles: string[] = [];
  const common = [
    'agent',
    '--engine',
    grpc,
    '--exec',
    'sleep',
    '--slots',
    String(SLOTS),
    '--quiet',
    '--start-spread-ms',
    '3000',
  ];
  for (let i = 0, left = rest; left > 0; i++, left -= per) {
    const f = join(dir, `agents-${i}.json`);
    statsFiles.push(f);
    const profileDir = process.env.LIVE_BENCH_PROFILE_DIR;
    procs.push(
      spawnCli(
        [...common, '--count', String(Math.min(per, left)), '--id-prefix', `p${i}`, '--stats-file', f],
        {},
        profileDir && i === 0 ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'agents')}`] : [],
      ),
    );
  }
  const vf = join(dir, 'agents-victim.json');
  statsFiles.push(vf);
  const victim = spawnCli([
    ...common,
    '--count',
    String(victimCount),
    '--id-prefix',
    'victim',
    '--stats-file',
    vf,
  ]);
  const victimIds = Array.from({ length: victimCount }, (_, i) => `victim-${i}`);
  return { procs, victim, victimIds, statsFiles };
}

/** Follows decisions and completions around the kill to time every orphan's reassignment. */
function watchOrphans(http: string, o: Orphans): WebSocket {
  const ws = new WebSocket(`ws://${http}/v1/events?kinds=decision,task`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as {
      kind: string;
      type: string;
      taskId?: string;
      agentId?: string;
      attempt?: number;
      count?: number;
    };
    if (e.kind === 'dropped') o.dropped += e.count ?? 0;
    if (!e.taskId) return;
    const now = Date.now();
    if (e.kind === 'task' && e.type === 'done') o.done.add(e.taskId);
    if (e.kind !== 'decision') return;
    if (o.killAtMs > 0 && o.orphaned.has(e.taskId) && !o.victims.has(e.agentId!)) {
      o.reassignDelaysMs.push(now - o.killAtMs);
      o.orphaned.delete(e.taskId);
    }
    o.latest.set(e.taskId, { agentId: e.agentId!, attempt: e.attempt!, atMs: now });
  });
  return ws;
}

async function stats(http: string): Promise<any> {
  return (await api(http, 'GET', '/v1/scheduling/stats', TOKENS.viewer)).json;
}

function dagOf(id: string, n: number): unknown {
  return { id, tasks: Array.from({ length: n }, (_, i) => ({ id: `${id}.${i}`, workUnits: TASK_MS })) };
}

/**
 * Submits at RATE tasks/s for `seconds` (one DAG every SUBMIT_EVERY_MS, up to SUBMITS_IN_FLIGHT_MAX POSTs
 * outstanding, so one slow answer does not lower the offered rate); returns how many tasks were accepted.
 */
async function load(
  http: string,
  seconds: number,
  prefix: string,
  onTick?: (elapsedMs: number) => void,
): Promise<{ accepted: number; refused: number }> {
  const perTick = Math.max(1, Math.round((RATE * SUBMIT_EVERY_MS) / 1000));
  const start = Date.now();
  let accepted = 0;
  let refused = 0;
  const inFlight = new Set<Promise<void>>();
  for (let k = 0; Date.now() - start < seconds * 1000; k++) {
    const due = start + k * SUBMIT_EVERY_MS;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    while (inFlight.size >= SUBMITS_IN_FLIGHT_MAX) await Promise.race(inFlight);
    const p = api(http, 'POST', '/v1/dags', TOKENS.operator, dagOf(`${prefix}${k}`, perTick)).then((r) => {
      if (r.status === 201) accepted += perTick;
      else refused += perTick;
      inFlight.delete(p);
    });
    inFlight.add(p);
    onTick?.(Date.now() - start);
  }
  await Promise.all(inFlight);
  return { accepted, refused };
}

function pct(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export default async function liveBench(): Promise<void> {
  const runs = buildDist();
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-live-bench-'));
  const config = join(dir, 'serve.yaml');
  writeFileSync(
    config,
    `engine: { heartbeatIntervalMs: ${HEARTBEAT_MS}, heartbeatTimeoutMs: 2500, keepStory: false }\nlimits: { pendingTasksMax: 2000000 }\nlogLevel: warn\n`,
  );
  const profileDir = process.env.LIVE_BENCH_PROFILE_DIR;
  const server = await startServerProcess(['--config', config], {}, [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(process.env.LIVE_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a !== ''),
  ]);
  const agents = spawnAgents(server.grpc, dir);
  const all = [...agents.procs, agents.victim];
  try {
    const t0 = Date.now();
    await waitFor(
      async () => ((await stats(server.http))?.agents?.alive === AGENTS ? true : undefined),
      120_000,
      `${AGENTS} agents`,
      500,
    );
    console.log(
      `scenario: ${AGENTS} agents × ${SLOTS} slots in ${all.length} processes, heartbeat ${HEARTBEAT_MS} ms, tasks ${TASK_MS} ms (sleep), target ${RATE} tasks/s for ${SECONDS} s; running ${runs}`,
    );
    console.log(`agents connected in ${Date.now() - t0} ms`);

    await load(server.http, 3, 'warm');
    const o: Orphans = {
      killAtMs: 0,
      victims: new Set(agents.victimIds),
      latest: new Map(),
      done: new Set(),
      reassignDelaysMs: [],
      orphaned: new Set(),
      inFlightAtKill: 0,
      dropped: 0,
    };
    const ws = watchOrphans(server.http, o);
    const s0 = await stats(server.http);
    const w0 = Date.now();
    let killed = false;
    const { accepted, refused } = await load(server.http, SECONDS, 'steady', (elapsed) => {
      if (!killed && elapsed > (SECONDS * 1000) / 2) {
        killed = true;
        o.killAtMs = Date.now();
        for (const [taskId, d] of o.latest)
          if (o.victims.has(d.agentId) && !o.done.has(taskId)) o.orphaned.add(taskId);
        agents.victim.child.kill('SIGKILL');
        o.inFlightAtKill = o.orphaned.size;
      }
    });
    const s1 = await stats(server.http);
    const wallS = (Date.now() - w0) / 1000;
    await waitFor(
      async () => ((await stats(server.http))?.tasks?.pending === 0 ? true : undefined),
      120_000,
      'the backlog to drain',
      500,
    );
    await new Promise((r) => setTimeout(r, 500));
    ws.close();
    const end = await stats(server.http);
    for (const p of agents.procs) await stopProcess(p);
    await stopProcess(server);
    if (process.env.LIVE_BENCH_SERVER_LOG)
      writeFileSync(process.env.LIVE_BENCH_SERVER_LOG, server.stdout() + server.stderr());
    const perProc = agents.statsFiles.slice(0, -1).map((f) => JSON.parse(readFileSync(f, 'utf8')));

    for (const t of [...o.orphaned]) if (o.done.has(t)) o.orphaned.delete(t);
    const completed = s1.driver.completions - s0.driver.completions;
    const d = [...o.reassignDelaysMs].sort((a, b) => a - b);
    const limitMs = 3 * HEARTBEAT_MS + HEARTBEAT_MS;
    const lat = (k: 'decisionToReceive' | 'readyToReceive', q: 'p50' | 'p99') =>
      Math.max(...perProc.map((p) => p.latencyMs[k][q] as number));
    console.log(
      `submitted in steady window: ${accepted} tasks accepted (${refused} refused) in ${wallS.toFixed(1)} s (${Math.round(accepted / wallS)} tasks/s offered)`,
    );
    const cpuMs = (x: any) => x.process.cpuUserMs + x.process.cpuSystemMs;
    console.log(
      `server: ${((cpuMs(s1) - cpuMs(s0)) / (wallS * 1000)).toFixed(2)} CPU cores in the steady window, ${((1000 * (cpuMs(s1) - cpuMs(s0))) / Math.max(1, completed)).toFixed(0)} µs CPU per completed task; heap ${s1.process.heapUsedMb} MB, RSS ${s1.process.rssMb} MB`,
    );
    console.log(
      `throughput: ${Math.round(completed / wallS)} tasks/s completed end to end (assignments ${Math.round((s1.driver.assignments - s0.driver.assignments) / wallS)}/s)`,
    );
    console.log(
      `assignment latency (agent-measured, worst process): decision→agent p50 ${lat('decisionToReceive', 'p50')} ms p99 ${lat('decisionToReceive', 'p99')} ms; submit→agent p50 ${lat('readyToReceive', 'p50')} ms p99 ${lat('readyToReceive', 'p99')} ms`,
    );
    console.log(
      `heartbeats: ${perProc.reduce((n, p) => n + p.heartbeats, 0)} from survivors (reconnects ${perProc.reduce((n, p) => n + p.reconnects, 0)}); stimuli ${end.driver.stimuli}; core errors ${end.driver.coreErrors}; driver turns ${end.driver.turns} (longest ${end.driver.turnTimes.longestMs.toFixed(1)} ms, flush ${end.driver.turnTimes.longestFlushMs.toFixed(1)} ms; ${end.driver.turnTimes.over10Ms} over 10 ms, ${end.driver.turnTimes.over50Ms} over 50 ms)`,
    );
    console.log(`watcher: ${o.latest.size} decisions seen, ${o.done.size} completions seen`);
    console.log(
      `kill ${agents.victimIds.length} agents (${VICTIM_SHARE * 100}%): ${o.inFlightAtKill} tasks in flight on them as the watcher saw it, ${d.length + o.orphaned.size} orphaned (not finished before the kill), ${d.length} reassigned, p50 ${pct(d, 0.5)} ms, max ${d.length ? d[d.length - 1] : 0} ms (limit ${limitMs} ms = 3 heartbeats + 1 cycle); unreassigned ${o.orphaned.size}; events dropped for the watcher ${o.dropped}`,
    );
    const lost = end.tasks.submitted - end.tasks.states.done;
    console.log(
      `tasks: submitted ${end.tasks.submitted}, done ${end.tasks.states.done}, failed ${end.tasks.states.failed}, lost ${lost}; retries ${end.engine.retries}, stale reports ${end.engine.staleReports}`,
    );
  } finally {
    for (const p of [server, ...all]) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
