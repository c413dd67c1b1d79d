/**
 * The PostgreSQL adapters against a real server: the shared store contract, the DagStore contract, the
 * UserStore contract, plus what only a database shows: rows queryable as dependencies, one transaction
 * per submission, idempotent migrations, fencing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStores } from '../../../engine/adapters/memory/memory-stores.js';
import { loadMigrations, migrate } from '../../../engine/adapters/postgres/migrate.js';
import { FencedError } from '../../../engine/adapters/postgres/pg-leader-fence.js';
import {
  openPgStores,
  type PgStores,
  SchemaOutdatedError,
} from '../../../engine/adapters/postgres/pg-stores.js';
import { dagStoreConformance } from '../../conformance/dag-store-suite.js';
import { describeLiveStores } from '../../conformance/live-stores-suite.js';
import { userStoreConformance } from '../../conformance/user-store-suite.js';
import { createTestDatabase, need, type TestDatabase } from './services.js';

/** Every table, children before parents (emptied between tests). */
const TABLES =
  'dag_version_edges, dag_version_tasks, dag_versions, task_edges, tasks, submissions, agents, agent_tokens, task_attempts, task_outcomes, engine_events, api_tokens, user_roles, users, engine_leader';

describe.runIf(need('postgres'))('PostgreSQL stores', () => {
  let db: TestDatabase;
  let pgs: PgStores;
  beforeAll(async () => {
    db = await createTestDatabase();
    pgs = await openPgStores(db.pool, false);
  });
  afterAll(async () => {
    await db?.drop();
  });
  const fresh = async (): Promise<PgStores> => {
    await db.pool.query(
      TABLES.split(', ')
        .map((t) => `DELETE FROM ${t};`)
        .join(' '),
    );
    return pgs;
  };

  describeLiveStores('postgres', async () => {
    const s = await fresh();
    const mem = createMemoryStores();
    return { ...s, metrics: mem.metrics, close: async () => {} };
  });
  describe('DagStore contract', () => dagStoreConformance(async () => (await fresh()).dags));
  describe('UserStore contract', () => userStoreConformance(async () => (await fresh()).users));

  it('keeps DAG structure as rows a user can query: tasks and their dependencies', async () => {
    const s = await fresh();
    const t = (id: string, parents: string[]) => ({
      id,
      type: 'compute',
      workUnits: 5,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents,
      requires: ['gpu'],
    });
    await s.submissions.put({
      dag: { id: 'wf', tasks: [t('a', []), t('b', []), t('c', ['b', 'a'])], labels: { team: 'x' } },
      status: 'accepted',
      submittedAtMs: 1,
      submittedBy: 'op',
      commands: { c: 'echo hi' },
    });
    const deps = await db.pool.query(
      "SELECT parent_task_id FROM task_dependencies WHERE dag_id = 'wf' AND task_id = 'c' ORDER BY ordinal",
    );
    expect(deps.rows.map((r) => r.parent_task_id)).toEqual(['b', 'a']);
    const got = await s.submissions.get('wf');
    expect(got?.dag.tasks[2]).toEqual(t('c', ['b', 'a']));
    expect(got?.dag.labels).toEqual({ team: 'x' });
    expect(got?.commands).toEqual({ c: 'echo hi' });
  });

  it('writes a submission in one transaction: a failing task row leaves no submission behind', async () => {
    const s = await fresh();
    const bad = {
      id: 'a',
      type: 'compute',
      workUnits: 1,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents: [],
    };
    // Two tasks with the same id violate the (dag_id, task_id) key after the submission row went in.
    await expect(
      s.submissions.put({
        dag: { id: 'dup', tasks: [bad, bad] },
        status: 'accepted',
        submittedAtMs: 1,
        submittedBy: 'x',
      }),
    ).rejects.toThrow();
    expect(await s.submissions.get('dup')).toBeUndefined();
  });

  it('COPY keeps awkward text intact: tabs, newlines, backslashes, quotes, commas, braces, unicode, nulls', async () => {
    const s = await fresh();
    const odd = 'a\tb\nc\\d\re "q" \'s {x,y} \\N é✓';
    const task = {
      id: odd,
      type: 'com\tpute',
      workUnits: 1.5,
      cpuDemand: 0.25,
      memoryMb: 3,
      inputBytes: 4,
      outputBytes: 5,
      priority: -1,
      parents: [],
      deadlineMs: 1234.5,
      requires: ['g"p,u', 'back\\slash', '{x}', 'NULL', ''],
      affinity: { clusters: ['c\t1'], avoidClusters: ['"'] },
      reads: [odd],
      writes: [],
    };
    const child = { ...task, id: 'child', parents: [odd], requires: undefined, affinity: undefined };
    delete (child as { requires?: unknown }).requires;
    delete (child as { affinity?: unknown }).affinity;
    await s.submissions.put({
      dag: { id: `dag ${odd}`, tasks: [task, child], labels: { team: odd } },
      status: 'accepted',
      submittedAtMs: 1,
      submittedBy: "op'); DROP TABLE tasks; --",
      commands: { [odd]: 'printf "%s\\n" \'x\ty\'\nexit 0' },
    });
    const got = await s.submissions.get(`dag ${odd}`);
    expect(got?.dag.tasks).toEqual([task, child]);
    expect(got?.dag.labels).toEqual({ team: odd });
    expect(got?.submittedBy).toBe("op'); DROP TABLE tasks; --");
    expect(got?.commands).toEqual({ [odd]: 'printf "%s\\n" \'x\ty\'\nexit 0' });

    await s.tasks.recordProgress(
      [{ taskId: odd, dagId: `dag ${odd}`, agentId: 'ag\\1', attempt: 2, assignedAtMs: 10 }],
      [{ taskId: odd, kind: 'failed', atMs: 11, agentId: 'ag\\1', attempt: 2, reason: 'exit 1:\n\tboom\\' }],
    );
    expect(await s.tasks.history(odd)).toEqual({
      attempts: [{ taskId: odd, dagId: `dag ${odd}`, agentId: 'ag\\1', attempt: 2, assignedAtMs: 10 }],
      outcomes: [
        { taskId: odd, kind: 'failed', atMs: 11, agentId: 'ag\\1', attempt: 2, reason: 'exit 1:\n\tboom\\' },
      ],
    });
    const events = [
      {
        seq: 1,
        atMs: 5,
        kind: 'task' as const,
        type: 'attempt-failed',
        taskId: odd,
        detail: 'line1\nline2\t\\',
      },
      {
        seq: 2,
        atMs: 6,
        kind: 'agent-load' as const,
        type: 'heartbeat',
        agentId: 'a',
        load: { cpu: 0.5, memory: 0.25, network: 0 },
      },
    ];
    await s.events.append(events);
    expect(await s.events.read(0, 10)).toEqual(events);

    // The same through the turn write's array parameters, with array-literal hazards on top.
    const turnId = `${odd}, "NULL" {} \\`;
    const attempt = { taskId: turnId, dagId: 'NULL', agentId: '', attempt: 1, assignedAtMs: 20 };
    const outcome = {
      taskId: turnId,
      kind: 'completed' as const,
      atMs: 21,
      agentId: '',
      attempt: 1,
      reason: 'NULL',
    };
    const turnEvents = [
      { seq: 3, atMs: 22, kind: 'task' as const, type: 'done', taskId: turnId, detail: '"x"\\,{}' },
      {
        seq: 4,
        atMs: 23,
        kind: 'agent-load' as const,
        type: 'heartbeat',
        agentId: 'a"b',
        load: { cpu: 1, memory: 0, network: 0.5 },
      },
    ];
    await s.recordTurn([attempt], [outcome], turnEvents);
    expect(await s.tasks.history(turnId)).toEqual({ attempts: [attempt], outcomes: [outcome] });
    expect(await s.events.read(2, 10)).toEqual(turnEvents);
  });

  it('a re-sent event batch is ignored, appended alone or in a turn write with its progress', async () => {
    const s = await fresh();
    const ev = (seq: number) => ({ seq, atMs: seq, kind: 'task' as const, type: 'done', taskId: `t${seq}` });
    await s.events.append([ev(1), ev(2)]);
    await s.events.append([ev(2), ev(3)]);
    const attempt = { taskId: 't', dagId: 'd', agentId: 'a', attempt: 1, assignedAtMs: 1 };
    const done = { taskId: 't', kind: 'completed' as const, atMs: 2, agentId: 'a', attempt: 1 };
    await s.recordTurn([attempt], [done], [ev(3), ev(4)]);
    expect((await s.events.read(0, 10)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await s.tasks.history('t')).toEqual({ attempts: [attempt], outcomes: [done] });
  });

  it('a turn write settles DAGs after its outcomes, also when a re-sent batch is written again', async () => {
    const s = await fresh();
    const put = (id: string) =>
      s.submissions.put({ dag: { id, tasks: [] }, status: 'accepted', submittedAtMs: 1, submittedBy: 'op' });
    await put("it's");
    await put('other');
    const ev = (seq: number) => ({ seq, atMs: seq, kind: 'task' as const, type: 'done', taskId: `t${seq}` });
    // Two settles of one DAG in a batch: the last one wins; a missing reason keeps the stored one (none).
    await s.recordTurn(
      [],
      [],
      [ev(1)],
      [
        { dagId: "it's", status: 'rejected', reason: 'first', failedTasks: 1 },
        { dagId: "it's", status: 'completed', failedTasks: 0, finishedAtMs: 9 },
      ],
    );
    const a = await s.submissions.get("it's");
    expect([a?.status, a?.failedTasks, a?.finishedAtMs]).toEqual(['completed', 0, 9]);
    expect((await s.submissions.get('other'))?.status).toBe('accepted');
    // A re-sent event (seq 1 is stored) refuses the one-query write; the fallback still settles.
    await s.recordTurn([], [], [ev(1), ev(2)], [{ dagId: 'other', status: 'cancelled', reason: 'op' }]);
    const b = await s.submissions.get('other');
    expect([b?.status, b?.reason]).toEqual(['cancelled', 'op']);
    expect((await s.events.read(0, 10)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a turn write is atomic: a refused row keeps its attempts, outcomes and events out', async () => {
    const s = await fresh();
    const attempt = { taskId: 't', dagId: 'd', agentId: 'a', attempt: 1, assignedAtMs: 1 };
    const bad = { taskId: 't', kind: 'exploded' as 'completed', atMs: 2 };
    await expect(
      s.recordTurn([attempt], [bad], [{ seq: 1, atMs: 1, kind: 'task', type: 'done', taskId: 't' }]),
    ).rejects.toThrow(/check constraint/);
    expect(await s.tasks.history('t')).toEqual({ attempts: [], outcomes: [] });
    expect(await s.events.lastSeq()).toBe(0);
    // The pool is usable afterwards.
    await s.recordTurn([attempt], [], []);
    expect((await s.tasks.history('t')).attempts).toEqual([attempt]);
  });

  it('migrations are idempotent and refuse to start on an outdated schema', async () => {
    expect((await migrate(db.pool)).applied).toEqual([]);
    const empty = await createTestDatabase(false);
    try {
      await expect(openPgStores(empty.pool, false)).rejects.toBeInstanceOf(SchemaOutdatedError);
      const r = await migrate(empty.pool);
      expect(r.applied).toEqual(loadMigrations().map((m) => m.version));
      expect((await migrate(empty.pool)).applied).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it('fencing: a deposed leader cannot acknowledge a submission', async () => {
    const s = await fresh();
    const sub = (id: string) => ({
      dag: { id, tasks: [] },
      status: 'accepted' as const,
      submittedAtMs: 1,
      submittedBy: 'op',
    });
    await s.fence.claim({ holder: 'old', fencingToken: 3 }, 1);
    await s.submissions.put(sub('before'));
    const newer = await openPgStores(db.pool, false);
    await newer.fence.claim({ holder: 'new', fencingToken: 4 }, 2);
    await expect(s.submissions.put(sub('after'))).rejects.toBeInstanceOf(FencedError);
    await expect(s.fence.claim({ holder: 'old', fencingToken: 3 }, 3)).rejects.toBeInstanceOf(FencedError);
    await newer.submissions.put(sub('by-new'));
    expect(await s.submissions.get('after')).toBeUndefined();
  });
});
