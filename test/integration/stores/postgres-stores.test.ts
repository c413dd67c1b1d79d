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
