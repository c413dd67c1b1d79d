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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  api,
  type Proc,
  spawnCli,
  startServerProcess,
  stopProcess,
  TOKENS,
  waitFor,
} from '../helpers/live.js';
import { buildDist } from './build-dist.js';

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
  /** Every decision seen, per task: engine time and agent, in order. */
  decisions: Map<string, { atMs: number; agentId: string }[]>;
  /** Engine time of each task's completion. */
  doneAtMs: Map<string, number>;
  dropped: number;
}

/** Builds dist/ and makes the launcher run it (see bin/agentsched.js); returns what runs. */
function buildDistForLive(): string {
  if (process.env.LIVE_BENCH_FROM_SOURCE === '1') {
    process.env.AGENTSCHED_FROM_SOURCE = '1';
    return 'sources through tsx';
  }
  const built = buildDist();
  process.env.AGENTSCHED_FROM_DIST = '1';
  return built;
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
    '--stats-samples',
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

/** Records decisions and completions (with the engine's timestamps) to time every orphan's reassignment. */
function watchOrphans(http: string, o: Orphans): WebSocket {
  const ws = new WebSocket(`ws://${http}/v1/events?kinds=decision,task`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}` },
  });
  ws.on('message', (data) => {
    const e = JSON.parse(String(data)) as {
      kind: string;
      type: string;
      atMs: number;
      taskId?: string;
      agentId?: string;
      count?: number;
    };
    if (e.kind === 'dropped') o.dropped += e.count ?? 0;
    if (!e.taskId) return;
    if (e.kind === 'task' && e.type === 'done') o.doneAtMs.set(e.taskId, e.atMs);
    if (e.kind !== 'decision') return;
    const list = o.decisions.get(e.taskId);
    if (list) list.push({ atMs: e.atMs, agentId: e.agentId! });
    else o.decisions.set(e.taskId, [{ atMs: e.atMs, agentId: e.agentId! }]);
  });
  return ws;
}

/**
 * From the engine's own timestamps (robust to the watcher lagging behind): the tasks whose latest
 * decision before the kill placed them on a victim and that were not done by then, and for each the
 * delay from the kill to its first decision on a surviving agent (undefined: never reassigned).
 */
function orphanDelays(o: Orphans): { delaysMs: number[]; unreassigned: string[] } {
  const delaysMs: number[] = [];
  const unreassigned: string[] = [];
  for (const [taskId, list] of o.decisions) {
    let before: { atMs: number; agentId: string } | undefined;
    for (const d of list) if (d.atMs <= o.killAtMs) before = d;
    if (!before || !o.victims.has(before.agentId)) continue;
    const doneAt = o.doneAtMs.get(taskId);
    if (doneAt !== undefined && doneAt <= o.killAtMs) continue;
    const after = list.find((d) => d.atMs > o.killAtMs && !o.victims.has(d.agentId));
    if (after) delaysMs.push(after.atMs - o.killAtMs);
    // Done without a new decision: its finish report left the victim just before the kill.
    else if (doneAt === undefined) unreassigned.push(taskId);
  }
  return { delaysMs, unreassigned };
}

/** CPU seconds (user + system) a process has used so far, from /proc (0 where /proc is missing). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
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

/** Pooled latency percentiles of the assignments agents received between `fromMs` and `toMs`. */
function steadyLatency(perProc: { samples?: [number, number, number][] }[], fromMs: number, toMs: number) {
  const decision: number[] = [];
  const submit: number[] = [];
  const slowBySecond = new Array<number>(Math.ceil((toMs - fromMs) / 1000)).fill(0);
  for (const p of perProc) {
    for (const [at, d, r] of p.samples ?? []) {
      if (at < fromMs || at > toMs) continue;
      decision.push(d);
      submit.push(r);
      if (r > 50) slowBySecond[Math.floor((at - fromMs) / 1000)]!++;
    }
  }
  decision.sort((a, b) => a - b);
  submit.sort((a, b) => a - b);
  const q = (a: number[]) => ({ p50: pct(a, 0.5), p99: pct(a, 0.99) });
  return { n: decision.length, decision: q(decision), submit: q(submit), slowBySecond };
}

function pct(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export default async function liveBench(): Promise<void> {
  const runs = buildDistForLive();
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

    // The watcher is part of the measured system (the server serialises every event for it): it starts
    // before the warm-up, so its start-up does not land in the steady window.
    const o: Orphans = {
      killAtMs: 0,
      victims: new Set(agents.victimIds),
      decisions: new Map(),
      doneAtMs: new Map(),
      dropped: 0,
    };
    const ws = watchOrphans(server.http, o);
    await load(server.http, 3, 'warm');
    // The warm-up (JIT, first GCs right after 1,000 agents connected) leaves a backlog: let it drain so
    // the steady window starts from a steady state.
    await waitFor(
      async () => ((await stats(server.http))?.tasks?.pending === 0 ? true : undefined),
      60_000,
      'the warm-up backlog to drain',
      100,
    );
    const s0 = await stats(server.http);
    const survivorsCpu = () => agents.procs.reduce((n, p) => n + cpuSecondsOf(p.child.pid), 0);
    const survivorsCpu0 = survivorsCpu();
    const benchCpu0 = process.cpuUsage();
    const w0 = Date.now();
    let killed = false;
    const { accepted, refused } = await load(server.http, SECONDS, 'steady', (elapsed) => {
      if (!killed && elapsed > (SECONDS * 1000) / 2) {
        killed = true;
        o.killAtMs = Date.now();
        agents.victim.child.kill('SIGKILL');
      }
    });
    const s1 = await stats(server.http);
    const w1 = Date.now();
    const wallS = (w1 - w0) / 1000;
    // Surviving agent processes only (the victim's CPU time leaves with it).
    const agentCores = (survivorsCpu() - survivorsCpu0) / wallS;
    const benchUse = process.cpuUsage(benchCpu0);
    const benchCores = (benchUse.user + benchUse.system) / 1e6 / wallS;
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

    const orphans = orphanDelays(o);
    const completed = s1.driver.completions - s0.driver.completions;
    const d = [...orphans.delaysMs].sort((a, b) => a - b);
    const limitMs = 3 * HEARTBEAT_MS + HEARTBEAT_MS;
    const lat = (k: 'decisionToReceive' | 'readyToReceive', q: 'p50' | 'p99') =>
      Math.max(...perProc.map((p) => p.latencyMs[k][q] as number));
    console.log(
      `submitted in steady window: ${accepted} tasks accepted (${refused} refused) in ${wallS.toFixed(1)} s (${Math.round(accepted / wallS)} tasks/s offered)`,
    );
    const cpuMs = (x: { process: { cpuUserMs: number; cpuSystemMs: number } }) =>
      x.process.cpuUserMs + x.process.cpuSystemMs;
    console.log(
      `CPU in the steady window: server ${((cpuMs(s1) - cpuMs(s0)) / (wallS * 1000)).toFixed(2)} cores, ${agents.procs.length} surviving agent processes ${agentCores.toFixed(2)} cores, bench (REST client + watcher) ${benchCores.toFixed(2)} cores, on ${availableParallelism()} cores`,
    );
    console.log(
      `server: ${((1000 * (cpuMs(s1) - cpuMs(s0))) / Math.max(1, completed)).toFixed(0)} µs CPU per completed task; heap ${s1.process.heapUsedMb} MB, RSS ${s1.process.rssMb} MB`,
    );
    console.log(
      `throughput: ${Math.round(completed / wallS)} tasks/s completed end to end (assignments ${Math.round((s1.driver.assignments - s0.driver.assignments) / wallS)}/s)`,
    );
    console.log(
      `assignment latency over the whole run (agent-measured, worst process): decision→agent p50 ${lat('decisionToReceive', 'p50')} ms p99 ${lat('decisionToReceive', 'p99')} ms; submit→agent p50 ${lat('readyToReceive', 'p50')} ms p99 ${lat('readyToReceive', 'p99')} ms`,
    );
    const win = steadyLatency(perProc, w0, w1);
    console.log(
      `assignment latency in the steady window (all survivors pooled, ${win.n} assignments): decision→agent p50 ${win.decision.p50.toFixed(1)} ms p99 ${win.decision.p99.toFixed(1)} ms; submit→agent p50 ${win.submit.p50.toFixed(1)} ms p99 ${win.submit.p99.toFixed(1)} ms; submit→agent over 50 ms by second of the window: ${win.slowBySecond.join(' ')}`,
    );
    console.log(
      `heartbeats: ${perProc.reduce((n, p) => n + p.heartbeats, 0)} from survivors (reconnects ${perProc.reduce((n, p) => n + p.reconnects, 0)}); stimuli ${end.driver.stimuli}; core errors ${end.driver.coreErrors}; driver turns ${end.driver.turns} (longest ${end.driver.turnTimes.longestMs.toFixed(1)} ms, flush ${end.driver.turnTimes.longestFlushMs.toFixed(1)} ms; ${end.driver.turnTimes.over10Ms} over 10 ms, ${end.driver.turnTimes.over50Ms} over 50 ms)`,
    );
    console.log(
      `kill ${agents.victimIds.length} agents (${VICTIM_SHARE * 100}%): ${d.length + orphans.unreassigned.length} orphaned tasks (on them and not done at the kill, by engine timestamps), ${d.length} reassigned: p50 ${pct(d, 0.5)} ms, p99 ${pct(d, 0.99)} ms, max ${d.length ? d[d.length - 1] : 0} ms (limit ${limitMs} ms = 3 heartbeats + 1 cycle); never reassigned ${orphans.unreassigned.length}; events dropped for the watcher ${o.dropped}`,
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
