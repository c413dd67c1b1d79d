/**
 * Crash recovery, end to end: `agentsched serve --store postgres` (with Redis for the event stream and
 * the leader lease) runs a live workload on real agent processes and is killed with SIGKILL at random
 * points several times, restarting each time with the same stores and ports. Every DAG the API
 * acknowledged must complete, every one of its tasks must be recorded completed exactly once, and the
 * run must finish. The seed of the kill schedule and workload is printed for reproduction.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/model/random.js';
import {
  api,
  type Proc,
  type ServerProc,
  spawnCli,
  startServerProcess,
  TOKENS,
  waitFor,
} from '../../helpers/live.js';
import { createTestDatabase, createTestRedis, need, REDIS_URL, type TestDatabase } from './services.js';

const KILLS = 3;
const DAGS_PER_PHASE = 3;
const TASKS_PER_DAG = 30;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

type Rand = ReturnType<typeof createRandom>;

/** A layered DAG: each task depends on up to two earlier tasks; runtimes 100–400 ms. */
function makeDag(id: string, rand: Rand) {
  const tasks = [];
  for (let i = 0; i < TASKS_PER_DAG; i++) {
    const parents = new Set<string>();
    if (i > 0 && rand.next() < 0.7) parents.add(`${id}.t${Math.floor(rand.next() * i)}`);
    if (i > 1 && rand.next() < 0.3) parents.add(`${id}.t${Math.floor(rand.next() * i)}`);
    tasks.push({
      id: `${id}.t${i}`,
      type: 'compute',
      workUnits: 100 + Math.floor(rand.next() * 300),
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents: [...parents],
    });
  }
  return { id, tasks };
}

describe.runIf(need('postgres') && need('redis'))('crash recovery with SIGKILL', () => {
  const seed = Number(process.env.AGENTSCHED_CRASH_SEED ?? Date.now() % 1_000_000);
  const rand = createRandom(seed).fork('crash');
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-crash-'));
  let db: TestDatabase;
  let redis: Awaited<ReturnType<typeof createTestRedis>>;
  const procs: Proc[] = [];
  let ports: { http: number; grpc: number };
  let env: Record<string, string>;
  const config = join(dir, 'serve.yaml');

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    ports = { http: await freePort(), grpc: await freePort() };
    env = { AGENTSCHED_PG_URL: db.url, AGENTSCHED_REDIS_URL: REDIS_URL };
    writeFileSync(config, JSON.stringify({ redis: { keyPrefix: redis.prefix, leaseTtlMs: 3000 } }));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await db?.drop();
    await redis?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = async (): Promise<ServerProc> => {
    const args = [
      '--store',
      'postgres',
      '--config',
      config,
      '--http-port',
      `${ports.http}`,
      '--grpc-port',
      `${ports.grpc}`,
    ];
    const p = await startServerProcess(args, env);
    procs.push(p);
    return p;
  };

  /** Submits until the engine answers; 201 or a 409 for a retried submission both mean acknowledged. */
  const submit = async (http: () => string, dag: ReturnType<typeof makeDag>): Promise<void> => {
    await waitFor(
      async () => {
        const r = await api(http(), 'POST', '/v1/dags', TOKENS.operator, dag).catch(() => undefined);
        return r && (r.status === 201 || r.status === 409) ? true : undefined;
      },
      60_000,
      `submission of ${dag.id}`,
      200,
    );
  };

  it('loses no acknowledged task and records no completion twice across repeated kill -9', async () => {
    process.stderr.write(
      `crash-recovery seed ${seed} (AGENTSCHED_CRASH_SEED=${seed} reproduces the schedule)\n`,
    );
    let server = await serve();
    const agents = spawnCli(
      [
        'agent',
        '--engine',
        `127.0.0.1:${ports.grpc}`,
        '--count',
        '6',
        '--slots',
        '3',
        '--exec',
        'sleep',
        '--id-prefix',
        'crash',
        '--quiet',
      ],
      env,
    );
    procs.push(agents);
    const acknowledged: ReturnType<typeof makeDag>[] = [];
    let n = 0;
    for (let phase = 0; phase <= KILLS; phase++) {
      for (let i = 0; i < DAGS_PER_PHASE; i++) {
        const dag = makeDag(`crash-${++n}`, rand);
        await submit(() => server.http, dag);
        acknowledged.push(dag);
      }
      if (phase === KILLS) break;
      await new Promise((r) => setTimeout(r, 800 + rand.next() * 2200));
      server.child.kill('SIGKILL');
      await server.exited;
      server = await serve();
    }
    const ids = acknowledged.map((d) => d.id);
    await waitFor(
      async () => {
        const r = await db.pool.query(
          "SELECT count(*)::int AS n FROM submissions WHERE status = 'completed' AND dag_id = ANY($1)",
          [ids],
        );
        return r.rows[0].n === ids.length ? true : undefined;
      },
      120_000,
      'every acknowledged DAG to complete',
      500,
    );
    const subs = await db.pool.query(
      'SELECT dag_id, status, failed_tasks FROM submissions WHERE dag_id = ANY($1)',
      [ids],
    );
    expect(subs.rows.filter((r) => r.status !== 'completed' || r.failed_tasks !== 0)).toEqual([]);
    const taskIds = acknowledged.flatMap((d) => d.tasks.map((t) => t.id));
    const done = await db.pool.query<{ task_id: string; n: number }>(
      "SELECT task_id, count(*)::int AS n FROM task_outcomes WHERE kind = 'completed' AND task_id = ANY($1) GROUP BY task_id",
      [taskIds],
    );
    const counts = new Map(done.rows.map((r) => [r.task_id, r.n]));
    const lost = taskIds.filter((id) => !counts.has(id));
    const duplicated = done.rows.filter((r) => r.n > 1);
    expect({ lost, duplicated }).toEqual({ lost: [], duplicated: [] });
    // Completions recorded in dependency order: no task completed before its parents.
    const order = await db.pool.query<{ task_id: string; id: number }>(
      "SELECT task_id, id FROM task_outcomes WHERE kind = 'completed' AND task_id = ANY($1)",
      [taskIds],
    );
    const at = new Map(order.rows.map((r) => [r.task_id, r.id]));
    for (const d of acknowledged)
      for (const t of d.tasks) for (const p of t.parents) expect(at.get(p)!).toBeLessThan(at.get(t.id)!);
    const attempts = await db.pool.query<{ total: number; retried: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE attempt > 1)::int AS retried
       FROM task_attempts WHERE task_id = ANY($1)`,
      [taskIds],
    );
    process.stderr.write(
      `crash-recovery: ${taskIds.length} tasks, ${attempts.rows[0]!.total} attempts (${attempts.rows[0]!.retried} retries) over ${KILLS} kills\n`,
    );
    agents.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
    await server.exited;
  }, 240_000);
});
