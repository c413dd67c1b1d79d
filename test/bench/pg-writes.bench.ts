/**
 * The engine-side CPU of the PostgreSQL store's writes alone (`npm run bench -- pg-writes`), without the
 * agents, gRPC and heartbeats whose cost and noise dominate the end-to-end persistence bench at low
 * rates. One process plays the driver: every 100 ms a DAG of PG_WRITES_RATE / 10 independent tasks is
 * submitted (awaited like the API's durable write), then each task is assigned, started and completed
 * 100 ms later, each step an attempt / outcome record plus an engine event handed to the real
 * StoreWriter in driver turns every millisecond, and a DAG settle behind its outcomes. The same run
 * with the in-memory stores is subtracted, so what remains is what writing to PostgreSQL costs this
 * process per task (user + system CPU). Interleaved pairs (PG_WRITES_ROUNDS, 3), medians.
 */
import { readFileSync } from 'node:fs';
import { openStores } from '../../engine/adapters/open-stores.js';
import type { EngineEvent } from '../../engine/ports/event-log.js';
import type { Stores } from '../../engine/ports/stores.js';
import { StoreWriter } from '../../engine/server/driver/store-writer.js';
import { createLogger } from '../../engine/server/log.js';
import { task } from '../helpers/engine-driver.js';
import { createTestDatabase, type TestDatabase } from '../integration/stores/services.js';

const num = (k: string, d: number) => Number(process.env[k] ?? d);

interface Step {
  atMs: number;
  task: number;
  dag: number;
  phase: 0 | 1 | 2;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function backendCpuMs(db: TestDatabase): Promise<number> {
  const r = await db.pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  let ms = 0;
  for (const { pid } of r.rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // gone
    }
  }
  return ms;
}

/** One run; CPU ms of this process (and of the database's backends) per task. */
async function writesOnce(store: 'memory' | 'postgres', rate: number, seconds: number) {
  const db = store === 'postgres' ? await createTestDatabase() : undefined;
  const stores: Stores = await openStores(
    db
      ? { store: 'postgres', postgres: { url: db.url, connectionsMax: 10, migrate: false } }
      : { store: 'memory' },
    () => {},
  );
  const noop = process.env.PG_WRITES_NOOP ?? '';
  if (db && noop.includes('turn')) (stores as { recordTurn?: unknown }).recordTurn = async () => {};
  if (db && noop.includes('sub')) {
    stores.submissions.put = async () => {};
    stores.submissions.settle = async () => {};
  }
  const writer = new StoreWriter(stores, createLogger('silent'));
  const perDag = rate / 10;
  const dags = seconds * 10;
  const steps: Step[] = [];
  let seq = 0;
  let settled = 0;
  const left = new Array<number>(dags).fill(perDag);
  const event = (e: Omit<EngineEvent, 'seq'>) => writer.event({ ...e, seq: ++seq });
  const turn = (now: number) => {
    let n = 0;
    while (n < steps.length && steps[n]!.atMs <= now) n++;
    for (const s of steps.splice(0, n)) {
      const taskId = `d${s.dag}.${s.task}`;
      const dagId = `d${s.dag}`;
      const agentId = `a${s.task % 1000}`;
      if (s.phase === 0) {
        writer.attempt({ taskId, dagId, agentId, attempt: 1, assignedAtMs: now });
        event({
          atMs: now,
          kind: 'decision',
          type: 'assign',
          taskId,
          dagId,
          agentId,
          cluster: 'c0',
          attempt: 1,
        });
        steps.push({ ...s, atMs: now + 2, phase: 1 });
      } else {
        const kind = s.phase === 1 ? 'started' : 'completed';
        writer.outcome({ taskId, kind, atMs: now, agentId, attempt: 1 });
        event({
          atMs: now,
          kind: 'task',
          type: s.phase === 1 ? 'running' : 'done',
          taskId,
          dagId,
          agentId,
          attempt: 1,
        });
        if (s.phase === 1) steps.push({ ...s, atMs: now + 100, phase: 2 });
        else if (--left[s.dag]! === 0) {
          writer.settle({ dagId, status: 'completed', failedTasks: 0, finishedAtMs: now });
          writer.after(async () => void settled++);
        }
      }
    }
    steps.sort((a, b) => a.atMs - b.atMs);
    writer.flush();
  };
  const c0 = cpuMs();
  const p0 = db ? await backendCpuMs(db) : 0;
  const t0 = Date.now();
  const timer = setInterval(() => turn(Date.now()), 1);
  const puts: Promise<void>[] = [];
  for (let d = 0; d < dags; d++) {
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + d * 100 - Date.now())));
    const tasks = Array.from({ length: perDag }, (_, i) => task(`d${d}.${i}`));
    puts.push(
      stores.submissions
        .put({
          dag: { id: `d${d}`, tasks },
          status: 'accepted',
          submittedAtMs: Date.now(),
          submittedBy: 'bench',
        })
        .then(() => {
          const now = Date.now();
          for (let i = 0; i < perDag; i++) steps.push({ atMs: now + (i % 10), task: i, dag: d, phase: 0 });
        }),
    );
  }
  await Promise.all(puts);
  while (settled < dags) await new Promise((r) => setTimeout(r, 5));
  clearInterval(timer);
  await writer.drain();
  const ms = cpuMs() - c0;
  const pgMs = db ? (await backendCpuMs(db)) - p0 : 0;
  const errors = writer.writeErrors;
  await stores.close();
  await db?.drop();
  const tasks = dags * perDag;
  return { cpuMsPerTask: ms / tasks, pgMsPerTask: pgMs / tasks, errors };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export default async function run(): Promise<void> {
  const rate = num('PG_WRITES_RATE', 1000);
  const seconds = num('PG_WRITES_SECONDS', 10);
  const rounds = num('PG_WRITES_ROUNDS', 3);
  const extra: number[] = [];
  const backend: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const m = await writesOnce('memory', rate, seconds);
    const p = await writesOnce('postgres', rate, seconds);
    extra.push(p.cpuMsPerTask - m.cpuMsPerTask);
    backend.push(p.pgMsPerTask);
    console.log(
      `  run ${i + 1}: memory ${(m.cpuMsPerTask * 1000).toFixed(1)} µs/task, postgres ${(p.cpuMsPerTask * 1000).toFixed(1)} µs/task ` +
        `(+${((p.cpuMsPerTask - m.cpuMsPerTask) * 1000).toFixed(1)}), backends ${(p.pgMsPerTask * 1000).toFixed(1)} µs/task, ` +
        `write errors ${m.errors + p.errors} (load1 ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`,
    );
  }
  console.log(
    `pg-writes (${rate} tasks/s for ${seconds} s, ${rounds} pairs, medians): PostgreSQL writes cost this process ` +
      `${(median(extra) * 1000).toFixed(1)} µs/task more than the in-memory stores (pairs ${extra.map((x) => (x * 1000).toFixed(1)).join(' / ')}); ` +
      `database backends ${(median(backend) * 1000).toFixed(1)} µs/task`,
  );
}
