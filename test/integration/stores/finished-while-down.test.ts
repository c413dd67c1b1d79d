/**
 * A task that finishes while the engine is down is recorded once, not re-run. `agentsched serve --store
 * postgres` runs a two-level DAG on real agent processes (`--exec shell`, every execution logged by the
 * task's own command); the engine is killed with SIGKILL while the first level runs and stays down until
 * those tasks have finished on the agents. After a restart with the same PostgreSQL store the agents
 * resume, deliver the finishes they kept in their outbox, and the run completes: every task completed
 * exactly once, every task executed exactly once on the agents (no re-placement), dependants released;
 * the placement strategy an operator set through the API before the crash is in force again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type Proc,
  type ServerProc,
  spawnCli,
  startServerProcess,
  stopProcess,
  TOKENS,
  waitFor,
} from '../../helpers/live.js';
import { createTestDatabase, need, type TestDatabase } from './services.js';

const AGENTS = 4;
const SLOTS = 3;
const ROOTS = AGENTS * SLOTS;
const ROOT_SECONDS = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** One line per execution start and per execution end (with the wall time in ms) in `log`. */
function command(log: string, seconds: number): string {
  const id = '"$AGENTSCHED_TASK_ID $AGENTSCHED_ATTEMPT $AGENTSCHED_AGENT_ID"';
  return `echo start ${id} >> ${log} && sleep ${seconds} && echo done ${id} $(date +%s%3N) >> ${log}`;
}

/** ROOTS long tasks (one per slot), each with a short child. */
function makeDag(log: string) {
  const base = { type: 'compute', workUnits: 1, cpuDemand: 1, memoryMb: 0, inputBytes: 0, outputBytes: 0 };
  const tasks = [];
  for (let i = 0; i < ROOTS; i++) {
    tasks.push({ ...base, id: `fwd.r${i}`, priority: 1, parents: [], command: command(log, ROOT_SECONDS) });
    tasks.push({ ...base, id: `fwd.c${i}`, priority: 0, parents: [`fwd.r${i}`], command: command(log, 0.2) });
  }
  return { id: 'fwd', tasks };
}

interface Execution {
  kind: 'start' | 'done';
  taskId: string;
  attempt: number;
  agentId: string;
  atMs: number;
}

function executions(log: string): Execution[] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [kind, taskId, attempt, agentId, atMs] = l.split(' ');
      return {
        kind: kind as Execution['kind'],
        taskId: taskId!,
        attempt: Number(attempt),
        agentId: agentId!,
        atMs: Number(atMs ?? Number.NaN),
      };
    });
}

describe.runIf(need('postgres'))('a task that finished while the engine was down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentsched-fwd-'));
  const log = join(dir, 'executions.log');
  let db: TestDatabase;
  const procs: Proc[] = [];
  let args: string[];
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    args = [
      '--store',
      'postgres',
      '--http-port',
      `${await freePort()}`,
      '--grpc-port',
      `${await freePort()}`,
    ];
    env = { AGENTSCHED_PG_URL: db.url };
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const serve = async (): Promise<ServerProc> => {
    const p = await startServerProcess(args, env);
    procs.push(p);
    return p;
  };

  it('is recorded exactly once and not re-executed; its dependants run; nothing is lost', async () => {
    let server = await serve();
    const grpc = args[args.indexOf('--grpc-port') + 1]!;
    const agents = spawnCli(
      [
        'agent',
        '--engine',
        `127.0.0.1:${grpc}`,
        '--count',
        `${AGENTS}`,
        '--slots',
        `${SLOTS}`,
        '--exec',
        'shell',
        '--id-prefix',
        'fwd',
        '--quiet',
      ],
      env,
    );
    procs.push(agents);
    const dag = makeDag(log);
    await waitFor(
      async () =>
        (await api(server.http, 'GET', '/v1/scheduling/stats', TOKENS.viewer)).json?.agents?.connected ===
        AGENTS
          ? true
          : undefined,
      30_000,
      'agents to connect',
    );
    // Soft state an operator set at run time: a strategy other than the start-up one.
    const before = (await api(server.http, 'GET', '/v1/scheduling/strategy', TOKENS.viewer)).json;
    const strategy = before.strategy === 'least-loaded' ? 'round-robin' : 'least-loaded';
    expect(before.available).toContain(strategy);
    const put = await api(server.http, 'PUT', '/v1/scheduling/strategy', TOKENS.admin, { strategy });
    expect(put.status).toBe(200);
    const r = await api(server.http, 'POST', '/v1/dags', TOKENS.operator, dag);
    expect(r.status).toBe(201);
    // Every root is running on an agent and its attempt (and start) is recorded.
    await waitFor(
      async () => {
        const started = executions(log).filter((e) => e.kind === 'start').length;
        const q = await db.pool.query(
          "SELECT count(*)::int AS n FROM task_attempts WHERE task_id LIKE 'fwd.r%'",
        );
        return started === ROOTS && q.rows[0].n === ROOTS ? true : undefined;
      },
      30_000,
      'every root task to start',
    );
    await new Promise((res) => setTimeout(res, 500));
    server.child.kill('SIGKILL');
    await server.exited;
    const killedAtMs = Date.now();
    // Down until every root has finished on its agent (plus a margin for the last reports).
    await waitFor(
      () => (executions(log).filter((e) => e.kind === 'done').length === ROOTS ? true : undefined),
      ROOT_SECONDS * 1000 + 15_000,
      'every root task to finish while the engine is down',
    );
    await new Promise((res) => setTimeout(res, 500));
    const restartAtMs = Date.now();
    server = await serve();
    const after = (await api(server.http, 'GET', '/v1/scheduling/strategy', TOKENS.viewer)).json;
    expect(after.strategy).toBe(strategy);
    const ids = dag.tasks.map((t) => t.id);
    await waitFor(
      async () => {
        const q = await db.pool.query("SELECT status FROM submissions WHERE dag_id = 'fwd'");
        return q.rows[0]?.status === 'completed' ? true : undefined;
      },
      60_000,
      'the DAG to complete after the restart',
      250,
    );
    const ex = executions(log);
    const finishedWhileDown = ex.filter(
      (e) => e.kind === 'done' && e.atMs > killedAtMs && e.atMs < restartAtMs,
    );
    expect(finishedWhileDown.map((e) => e.taskId).sort()).toEqual(
      dag.tasks
        .filter((t) => t.id.includes('.r'))
        .map((t) => t.id)
        .sort(),
    );
    // Recorded exactly once, 0 lost.
    const done = await db.pool.query<{ task_id: string; n: number }>(
      "SELECT task_id, count(*)::int AS n FROM task_outcomes WHERE kind = 'completed' AND task_id = ANY($1) GROUP BY task_id",
      [ids],
    );
    const counts = new Map(done.rows.map((row) => [row.task_id, row.n]));
    expect({
      lost: ids.filter((id) => !counts.has(id)),
      duplicated: done.rows.filter((row) => row.n > 1),
    }).toEqual({ lost: [], duplicated: [] });
    // Executed exactly once on the agents, under one attempt each: nothing was re-placed.
    const starts = new Map<string, number>();
    for (const e of ex) if (e.kind === 'start') starts.set(e.taskId, (starts.get(e.taskId) ?? 0) + 1);
    expect(ids.filter((id) => starts.get(id) !== 1)).toEqual([]);
    const attempts = await db.pool.query(
      "SELECT count(*)::int AS n FROM task_attempts WHERE task_id LIKE 'fwd.%'",
    );
    expect(attempts.rows[0].n).toBe(ids.length);
    // Dependants ran after their parents' finishes were recorded.
    const at = await db.pool.query<{ task_id: string; id: number }>(
      "SELECT task_id, id FROM task_outcomes WHERE kind = 'completed' AND task_id = ANY($1)",
      [ids],
    );
    const order = new Map(at.rows.map((row) => [row.task_id, row.id]));
    for (let i = 0; i < ROOTS; i++) expect(order.get(`fwd.r${i}`)!).toBeLessThan(order.get(`fwd.c${i}`)!);
    agents.child.kill('SIGTERM');
    await stopProcess(server);
  }, 120_000);
});
