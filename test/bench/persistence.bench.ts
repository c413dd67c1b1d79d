/**
 * Persistence benchmarks (`npm run bench -- persistence`), against the real services on this machine:
 *  1. recovery: `serve --store postgres` with PERSIST_BENCH_INFLIGHT tasks (10,000) in flight on real agent
 *     processes is SIGKILLed and restarted; reports the time until it serves again (listening, state
 *     restored) and until every agent resumed its attempts (no attempt re-placed).
 *  2. throughput: the same workload of short independent tasks through 1,000 agents with the memory and the
 *     PostgreSQL stores, in interleaved pairs; reports completions/s and CPU ms per completed task (engine
 *     process; engine plus the database's backends) for each run, the medians and the per-pair spread.
 *  3. influx: 1,000 agents × 1 load sample per second into InfluxDB for PERSIST_BENCH_INFLUX_SECONDS (30)
 *     through the metrics sink; reports points written, dropped and counted back by InfluxQL.
 * Select with PERSIST_BENCH_ONLY=recovery|throughput|influx. Every phase is bounded in time.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { query } from '../../engine/adapters/influx/influx-http.js';
import { InfluxMetricsSink } from '../../engine/adapters/influx/influx-metrics-sink.js';
import {
  api,
  type Proc,
  spawnCli,
  startServerProcess,
  stopProcess,
  TOKENS,
  waitFor,
} from '../helpers/live.js';
import {
  createTestDatabase,
  createTestInflux,
  INFLUX_URL,
  type TestDatabase,
} from '../integration/stores/services.js';

const num = (k: string, d: number) => Number(process.env[k] ?? d);
const ONLY = process.env.PERSIST_BENCH_ONLY;
const AGENTS = num('PERSIST_BENCH_AGENTS', 1000);
const INFLIGHT = num('PERSIST_BENCH_INFLIGHT', 10_000);
const AGENT_PROCS = 2;
/**
 * How long each idle window of a throughput run lasts (one before the first load phase, one after each).
 * Its error is multiplied by the phase's length when it is subtracted: with 3 s, ±10 ms/s of noise moved
 * a run at 1,000 tasks/s by ±10%.
 */
const IDLE_MS = num('PERSIST_BENCH_IDLE_MS', 5000);
/** The unmeasured warm-up load of each throughput run, seconds. */
const WARM_SECONDS = num('PERSIST_BENCH_WARM_SECONDS', 4);
/** Wall time after a load phase's last completion that is still counted to the phase (trailing writes, GC). */
const SETTLE_MS = 1000;
/** Extra node flags for the engine process of throughput runs (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`). */
const ENGINE_NODE_ARGS = (process.env.PERSIST_BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function cpuMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/** Voluntary context switches of the main thread of `pid` (how often its event loop went to sleep). */
function sleepsOf(pid: number): number {
  const m = /voluntary_ctxt_switches:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

/** System (kernel) part of cpuMsOf. */
function sysMsOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[12]) * 1000) / 100;
}

function spawnAgents(grpc: string, slots: number): Proc[] {
  const per = Math.ceil(AGENTS / AGENT_PROCS);
  return Array.from({ length: AGENT_PROCS }, (_, i) =>
    spawnCli([
      'agent',
      '--engine',
      grpc,
      '--count',
      String(Math.min(per, AGENTS - i * per)),
      '--slots',
      String(slots),
      '--exec',
      'sleep',
      '--id-prefix',
      `b${i}`,
      '--quiet',
      '--start-spread-ms',
      '2000',
    ]),
  );
}

function independentDag(id: string, tasks: number, workUnits: number) {
  return {
    id,
    tasks: Array.from({ length: tasks }, (_, i) => ({
      id: `${id}.${i}`,
      type: 'compute',
      workUnits,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents: [],
    })),
  };
}

async function stats(http: string): Promise<any> {
  return (await api(http, 'GET', '/v1/scheduling/stats', TOKENS.viewer)).json;
}

async function waitConnected(http: string, n: number, what: string): Promise<void> {
  await waitFor(
    async () => ((await stats(http).catch(() => undefined))?.agents?.connected >= n ? true : undefined),
    120_000,
    what,
    250,
  );
}

async function benchRecovery(): Promise<void> {
  const db = await createTestDatabase();
  const http = await freePort();
  const grpc = await freePort();
  const args = ['--store', 'postgres', '--http-port', String(http), '--grpc-port', String(grpc)];
  const env = { AGENTSCHED_PG_URL: db.url };
  const procs: Proc[] = [];
  try {
    let server = await startServerProcess(args, env);
    procs.push(server, ...spawnAgents(`127.0.0.1:${grpc}`, Math.ceil(INFLIGHT / AGENTS)));
    await waitConnected(server.http, AGENTS, 'agents to connect');
    for (let d = 0; d < 10; d++) {
      const r = await api(
        server.http,
        'POST',
        '/v1/dags',
        TOKENS.operator,
        independentDag(`inflight-${d}`, INFLIGHT / 10, 600_000),
      );
      if (r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.json)}`);
    }
    await waitFor(
      async () => {
        const r = await db.pool.query('SELECT count(*)::int AS n FROM task_attempts');
        return r.rows[0].n >= INFLIGHT ? true : undefined;
      },
      120_000,
      'every task assigned and recorded',
      250,
    );
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    await server.exited;
    const t0 = performance.now();
    server = await startServerProcess([...args, '--log-level', 'info'], env);
    procs.push(server);
    const servingMs = performance.now() - t0;
    const restored = server
      .stderr()
      .split('\n')
      .find((l) => l.includes('restored state from the stores'));
    const recoveryMs = restored ? (JSON.parse(restored) as { durationMs: number }).durationMs : Number.NaN;
    await waitConnected(server.http, AGENTS, 'agents to reconnect');
    const s = await stats(server.http);
    const resumedMs = performance.now() - t0;
    const attempts = (await db.pool.query('SELECT count(*)::int AS n FROM task_attempts')).rows[0].n;
    console.log(
      `recovery: ${INFLIGHT} tasks in flight on ${AGENTS} agents; serving again ${(servingMs / 1000).toFixed(2)} s after restart ` +
        `(process start + recovery + listen; store reads and core restore ${recoveryMs} ms), all agents reconnected ${(resumedMs / 1000).toFixed(2)} s; ` +
        `assigned+running ${s.tasks.states.assigned + s.tasks.states.running}, attempts recorded ${attempts} (no re-placement: ${attempts === INFLIGHT})`,
    );
  } finally {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await db.drop();
  }
}

interface ThroughputRun {
  store: 'memory' | 'postgres';
  perSec: number;
  /** Engine process CPU (user + system) per completed task, the idle rate around each load phase subtracted. */
  cpuMsPerTask: number;
  /** Engine plus PostgreSQL backends of the test database, per completed task (memory: engine only). */
  totalCpuMsPerTask: number;
  /** Engine CPU per task without subtracting the idle rate. */
  rawCpuMsPerTask: number;
  /** Kernel part of rawCpuMsPerTask (socket writes and reads). */
  sysCpuMsPerTask: number;
  /** Engine CPU ms per second with nothing submitted (mean of the idle windows; subtracted above). */
  idleMsPerSec: number;
  /** Largest difference between two idle windows of the run, ms/s (how steady the subtracted rate was). */
  idleDriftMsPerSec: number;
  /** Batches of asynchronous store writes per second (PostgreSQL; absent from builds without the figure). */
  batchesPerSec: number;
  /** Times per second the engine's main thread went to sleep during the load (each wake-up costs CPU). */
  sleepsPerSec: number;
  load1: number;
}

/** CPU ms of every PostgreSQL backend serving the test database now, by pid. */
async function pgBackendCpu(db: TestDatabase): Promise<Map<number, number>> {
  const r = await db.pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const out = new Map<number, number>();
  for (const { pid } of r.rows) {
    try {
      out.set(pid, cpuMsOf(pid));
    } catch {
      // the backend exited
    }
  }
  return out;
}

async function pgCpuSince(db: TestDatabase | undefined, before: Map<number, number>): Promise<number> {
  let ms = 0;
  if (db) for (const [p, v] of await pgBackendCpu(db)) ms += v - (before.get(p) ?? 0);
  return ms;
}

function load1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** CPU ms per ms the engine (and the database's backends) burn in `ms` with nothing submitted (heartbeats etc.). */
async function idleCpu(pid: number, db: TestDatabase | undefined, ms: number) {
  const e0 = cpuMsOf(pid);
  const p0 = db ? await pgBackendCpu(db) : new Map<number, number>();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const took = performance.now() - t0;
  return { enginePerMs: (cpuMsOf(pid) - e0) / took, pgPerMs: (await pgCpuSince(db, p0)) / took };
}

/** What one load phase cost: engine CPU (and its kernel part), backends' CPU, wall time, tasks, wake-ups. */
interface LoadPhase {
  ms: number;
  tasks: number;
  cpuMs: number;
  sysMs: number;
  pgMs: number;
  sleeps: number;
  batches: number;
}

/**
 * Offers `rate` tasks/s for `seconds` (a DAG of rate / 10 independent 100 ms tasks every 100 ms) and
 * waits until every accepted task completed, then SETTLE_MS more for the writes and collections the load
 * left behind; everything the engine spent from the first submission to then is the phase's.
 */
async function loadPhase(
  http: string,
  pid: number,
  db: TestDatabase | undefined,
  name: string,
  rate: number,
  seconds: number,
): Promise<LoadPhase> {
  const s0 = await stats(http);
  const c0 = s0.driver.completions;
  const b0 = s0.storeWrites?.batches ?? Number.NaN;
  const cpu0 = cpuMsOf(pid);
  const sys0 = sysMsOf(pid);
  const pg0 = db ? await pgBackendCpu(db) : new Map<number, number>();
  const w0 = sleepsOf(pid);
  const t0 = performance.now();
  let refused = 0;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < seconds * 10; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + i * 100 - performance.now())));
    posts.push(
      api(http, 'POST', '/v1/dags', TOKENS.operator, independentDag(`${name}-${i}`, rate / 10, 100)).then(
        (r) => {
          if (r.status !== 201) refused++;
        },
        () => {
          refused++;
        },
      ),
    );
  }
  await Promise.all(posts);
  if (refused > 0) console.log(`throughput ${name}: ${refused} submissions refused or failed`);
  const expected = (seconds * 10 - refused) * (rate / 10);
  await waitFor(
    async () => ((await stats(http)).driver.completions - c0 >= expected ? true : undefined),
    180_000,
    `${name}: ${expected} tasks to complete`,
    50,
  );
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const ms = performance.now() - t0;
  const b1 = (await stats(http)).storeWrites?.batches ?? Number.NaN;
  return {
    ms,
    tasks: Math.max(1, expected),
    cpuMs: cpuMsOf(pid) - cpu0,
    sysMs: sysMsOf(pid) - sys0,
    pgMs: await pgCpuSince(db, pg0),
    sleeps: sleepsOf(pid) - w0,
    batches: b1 - b0,
  };
}

/**
 * One run: one engine process with 1,000 agents, first a warm-up load (not measured: the JIT compiles the
 * paths of either store), then PERSIST_BENCH_PHASES measured load phases of the same workload
 * (PERSIST_BENCH_RATE tasks/s offered for PERSIST_BENCH_SECONDS), each between two idle windows. The idle
 * rate subtracted from a phase is the mean of the windows just before and after it, in the same process:
 * it varies by 40–90 ms/s from one engine start to the next (with as many heartbeats; how often the main
 * thread sleeps varies with it), but by 5–15 ms/s within one, so a rate measured in another process (or
 * before the JIT warmed up) would add that spread to the per-task figure.
 */
async function throughputOnce(store: 'memory' | 'postgres'): Promise<ThroughputRun> {
  const db: TestDatabase | undefined = store === 'postgres' ? await createTestDatabase() : undefined;
  const env: Record<string, string> = db ? { AGENTSCHED_PG_URL: db.url } : {};
  const server = await startServerProcess(['--store', store], env, ENGINE_NODE_ARGS);
  const agents = spawnAgents(server.grpc, 4);
  const seconds = num('PERSIST_BENCH_SECONDS', 10);
  const rate = num('PERSIST_BENCH_RATE', 1000);
  const phases = num('PERSIST_BENCH_PHASES', 2);
  try {
    await waitConnected(server.http, AGENTS, 'agents to connect');
    // A registration storm on a loaded machine can get agents suspected and quarantined for a while:
    // measure only once the whole fleet offers its capacity, so both stores start from the same state.
    await waitFor(
      async () => ((await stats(server.http)).agents.freeSlots >= AGENTS * 4 ? true : undefined),
      180_000,
      `${store}: every agent's slots free`,
      250,
    );
    const pid = server.child.pid!;
    await loadPhase(server.http, pid, db, `${store}-warm`, rate, WARM_SECONDS);
    const idles = [await idleCpu(pid, db, IDLE_MS)];
    const loads: LoadPhase[] = [];
    let net = 0;
    let pgNet = 0;
    for (let p = 0; p < phases; p++) {
      const l = await loadPhase(server.http, pid, db, `${store}-${p}`, rate, seconds);
      const before = idles[idles.length - 1]!;
      const after = await idleCpu(pid, db, IDLE_MS);
      idles.push(after);
      loads.push(l);
      net += l.cpuMs - ((before.enginePerMs + after.enginePerMs) / 2) * l.ms;
      pgNet += l.pgMs - ((before.pgPerMs + after.pgPerMs) / 2) * l.ms;
    }
    const sum = (k: keyof LoadPhase) => loads.reduce((a, l) => a + l[k], 0);
    const tasks = sum('tasks');
    const ms = sum('ms');
    const idleRates = idles.map((i) => i.enginePerMs * 1000);
    return {
      store,
      perSec: (tasks * 1000) / ms,
      cpuMsPerTask: net / tasks,
      totalCpuMsPerTask: (net + pgNet) / tasks,
      rawCpuMsPerTask: sum('cpuMs') / tasks,
      sysCpuMsPerTask: sum('sysMs') / tasks,
      idleMsPerSec: idleRates.reduce((a, b) => a + b, 0) / idleRates.length,
      idleDriftMsPerSec: Math.max(...idleRates) - Math.min(...idleRates),
      batchesPerSec: (sum('batches') * 1000) / ms,
      sleepsPerSec: (sum('sleeps') * 1000) / ms,
      load1: load1(),
    };
  } finally {
    for (const a of agents) a.child.kill('SIGKILL');
    await stopProcess(server);
    await db?.drop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/**
 * Interleaved pairs (memory, postgres, memory, postgres …; PERSIST_BENCH_ROUNDS pairs, 3 by default) so
 * drifting machine load hits both stores alike; reports each run, the median cost per task of each store,
 * PostgreSQL's overhead from the medians and the spread of the per-pair overheads.
 */
async function benchThroughput(): Promise<void> {
  const rounds = num('PERSIST_BENCH_ROUNDS', 3);
  const runs: ThroughputRun[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const store of ['memory', 'postgres'] as const) {
      const r = await throughputOnce(store);
      runs.push(r);
      console.log(
        `  run ${i + 1} ${store}: ${r.perSec.toFixed(0)} tasks/s, engine ${r.cpuMsPerTask.toFixed(3)} CPU ms/task ` +
          `(${r.rawCpuMsPerTask.toFixed(3)} with idle, of which kernel ${r.sysCpuMsPerTask.toFixed(3)}), ` +
          `engine+db ${r.totalCpuMsPerTask.toFixed(3)} ms/task, idle ${r.idleMsPerSec.toFixed(0)} ms/s ` +
          `(windows within ${r.idleDriftMsPerSec.toFixed(0)}), ` +
          `main thread slept ${r.sleepsPerSec.toFixed(0)}/s` +
          `${r.store === 'postgres' ? `, ${r.batchesPerSec.toFixed(0)} write batches/s` : ''} (load1 ${r.load1.toFixed(2)})`,
      );
    }
  }
  const of = (store: string, k: keyof ThroughputRun) =>
    runs.filter((r) => r.store === store).map((r) => r[k] as number);
  const pairs = (k: keyof ThroughputRun) =>
    of('postgres', k)
      .map((v, i) => v / of('memory', k)[i]! - 1)
      .sort((a, b) => a - b);
  const line = (k: keyof ThroughputRun, what: string) => {
    const mem = median(of('memory', k));
    const pg = median(of('postgres', k));
    const p = pairs(k);
    return `${what}: memory ${mem.toFixed(3)}, postgres ${pg.toFixed(3)} ms/task → ${pct(pg / mem - 1)} (pairs ${p.map(pct).join(' / ')})`;
  };
  console.log(
    `throughput (${AGENTS} agents, ${num('PERSIST_BENCH_RATE', 1000)} tasks/s offered, 100 ms tasks, ${rounds} interleaved pairs, medians):\n` +
      `  ${line('cpuMsPerTask', 'engine CPU (idle rate subtracted)')}\n` +
      `  ${line('rawCpuMsPerTask', 'engine CPU (raw)')}\n` +
      `  ${line('totalCpuMsPerTask', 'engine + PostgreSQL CPU')}\n` +
      `  completions/s: memory ${median(of('memory', 'perSec')).toFixed(0)}, postgres ${median(of('postgres', 'perSec')).toFixed(0)} ` +
      `(pairs ${pairs('perSec').map(pct).join(' / ')})`,
  );
}

async function benchInflux(): Promise<void> {
  const t = createTestInflux();
  const seconds = num('PERSIST_BENCH_INFLUX_SECONDS', 30);
  const sink = new InfluxMetricsSink({
    url: INFLUX_URL,
    database: t.database,
    retentionPolicy: 'agentsched',
    flushIntervalMs: 1000,
  });
  const { ensureDatabase } = await import('../../engine/adapters/influx/influx-http.js');
  await ensureDatabase(t.target, t.database, 'agentsched', '1d');
  try {
    const t0 = Date.now();
    let maxBuffered = 0;
    for (let s = 0; s < seconds; s++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now())));
      const at = t0 + s * 1000;
      await sink.writeAgentLoad(
        Array.from({ length: AGENTS }, (_, i) => ({
          agentId: `a${i}`,
          cluster: `c${i % 10}`,
          atMs: at,
          cpu: Math.random(),
          memory: 0.5,
          network: 0.1,
          runningTasks: i % 5,
        })),
      );
      maxBuffered = Math.max(maxBuffered, sink.bufferedLines);
    }
    await sink.close(30_000);
    const r = await query(t.target, 'SELECT count(cpu) FROM agent_load', t.database);
    const counted = Number(r.results?.[0]?.series?.[0]?.values?.[0]?.[1] ?? 0);
    console.log(
      `influx: ${AGENTS} agents × 1 sample/s for ${seconds} s = ${AGENTS * seconds} points; written ${sink.stats.linesWritten} in ${sink.stats.batchesWritten} batches, ` +
        `dropped ${sink.stats.linesDropped}, failed writes ${sink.stats.writesFailed}, most buffered ${maxBuffered}, counted in InfluxDB ${counted}`,
    );
  } finally {
    await t.drop();
  }
}

export default async function run(): Promise<void> {
  if (!ONLY || ONLY === 'influx') await benchInflux();
  if (!ONLY || ONLY === 'recovery') await benchRecovery();
  if (!ONLY || ONLY === 'throughput') await benchThroughput();
}
