/**
 * Contract tests for the live-server store ports (SubmissionStore, TaskStore, AgentStore, EventLog,
 * MetricsSink). One suite, every adapter: the in-memory stores run it in `test/unit/server`; the
 * PostgreSQL / Redis / InfluxDB adapters of the persistence issue must pass it too.
 */
import { describe, expect, it } from 'vitest';
import type { DagSpec } from '../../engine/model/types.js';
import type { Stores } from '../../engine/ports/stores.js';
import { DuplicateSubmissionError } from '../../engine/ports/submission-store.js';

const dag = (id: string): DagSpec => ({
  id,
  tasks: [
    {
      id: `${id}.a`,
      type: 'compute',
      workUnits: 10,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents: [],
    },
    {
      id: `${id}.b`,
      type: 'compute',
      workUnits: 10,
      cpuDemand: 1,
      memoryMb: 0,
      inputBytes: 0,
      outputBytes: 0,
      priority: 0,
      parents: [`${id}.a`],
    },
  ],
});

/** Registers the contract tests for stores made by `make` (a fresh, empty set per test). */
export function describeLiveStores(name: string, make: () => Promise<Stores>): void {
  describe(`live store contract: ${name}`, () => {
    it('SubmissionStore: put is durable and refuses a duplicate id; settle, get, list pages and unfinished', async () => {
      const s = await make();
      await s.submissions.put({
        dag: dag('d1'),
        status: 'accepted',
        submittedAtMs: 1,
        submittedBy: 'op',
        commands: { 'd1.a': 'true' },
      });
      await expect(
        s.submissions.put({ dag: dag('d1'), status: 'accepted', submittedAtMs: 2, submittedBy: 'op' }),
      ).rejects.toBeInstanceOf(DuplicateSubmissionError);
      for (const id of ['d2', 'd3', 'd4'])
        await s.submissions.put({ dag: dag(id), status: 'accepted', submittedAtMs: 3, submittedBy: 'op' });
      await s.submissions.settle('d2', 'completed', { failedTasks: 0, finishedAtMs: 9 });
      await s.submissions.settle('d3', 'rejected', { reason: 'cycle' });
      expect((await s.submissions.get('d1'))?.dag.tasks[1]?.parents).toEqual(['d1.a']);
      expect((await s.submissions.get('d1'))?.commands).toEqual({ 'd1.a': 'true' });
      expect((await s.submissions.get('d3'))?.reason).toBe('cycle');
      expect(await s.submissions.get('nope')).toBeUndefined();
      const p1 = await s.submissions.list({}, { limit: 3 });
      expect(p1.items.map((r) => r.dag.id)).toEqual(['d1', 'd2', 'd3']);
      const p2 = await s.submissions.list({}, { limit: 3, cursor: p1.nextCursor });
      expect(p2.items.map((r) => r.dag.id)).toEqual(['d4']);
      expect(p2.nextCursor).toBeUndefined();
      expect(
        (await s.submissions.list({ status: 'completed' }, { limit: 10 })).items.map((r) => r.dag.id),
      ).toEqual(['d2']);
      expect((await s.submissions.unfinished()).map((r) => r.dag.id)).toEqual(['d1', 'd4']);
      await s.close();
    });

    it('TaskStore: attempts and outcomes keep their order; inFlight lists unsettled latest attempts', async () => {
      const s = await make();
      await s.tasks.recordAttempts([
        { taskId: 't1', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
        { taskId: 't2', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
      ]);
      await s.tasks.recordOutcomes([
        { taskId: 't1', kind: 'failed', atMs: 2, agentId: 'a1', attempt: 1, reason: 'x' },
      ]);
      await s.tasks.recordAttempts([
        { taskId: 't1', dagId: 'd', agentId: 'a2', attempt: 2, assignedAtMs: 3 },
      ]);
      await s.tasks.recordOutcomes([{ taskId: 't2', kind: 'completed', atMs: 4, agentId: 'a1', attempt: 1 }]);
      const h = await s.tasks.history('t1');
      expect(h.attempts.map((a) => a.attempt)).toEqual([1, 2]);
      expect(h.outcomes.map((o) => o.kind)).toEqual(['failed']);
      expect((await s.tasks.inFlight()).map((a) => [a.taskId, a.agentId, a.attempt])).toEqual([
        ['t1', 'a2', 2],
      ]);
      expect(await s.tasks.history('unknown')).toEqual({ attempts: [], outcomes: [] });
      await s.close();
    });

    it('TaskStore: summaries give recovery the latest attempt, highest attempt, its outcome and the settling outcome', async () => {
      const s = await make();
      await s.tasks.recordAttempts([
        { taskId: 't1', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
        { taskId: 't2', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
        { taskId: 't3', dagId: 'd', agentId: 'a2', attempt: 1, assignedAtMs: 1 },
      ]);
      await s.tasks.recordOutcomes([
        { taskId: 't1', kind: 'failed', atMs: 2, agentId: 'a1', attempt: 1, reason: 'x' },
        { taskId: 't2', kind: 'started', atMs: 2, agentId: 'a1', attempt: 1 },
        { taskId: 't2', kind: 'completed', atMs: 3, agentId: 'a1', attempt: 1 },
        { taskId: 't2', kind: 'completed', atMs: 4, agentId: 'a1', attempt: 1 },
        { taskId: 't3', kind: 'started', atMs: 2, agentId: 'a2', attempt: 1 },
      ]);
      await s.tasks.recordAttempts([
        { taskId: 't1', dagId: 'd', agentId: 'a2', attempt: 2, assignedAtMs: 3 },
      ]);
      const sums = (await s.tasks.summaries(['t1', 't2', 't3', 'never'])).sort((a, b) =>
        a.taskId < b.taskId ? -1 : 1,
      );
      expect(
        sums.map((x) => [x.taskId, x.lastAttempt.agentId, x.attemptsMax, x.lastAttemptOutcome ?? null]),
      ).toEqual([
        ['t1', 'a2', 2, null],
        ['t2', 'a1', 1, 'completed'],
        ['t3', 'a2', 1, 'started'],
      ]);
      expect(sums.map((x) => x.settled?.kind ?? null)).toEqual([null, 'completed', null]);
      expect(sums[1]!.settled).toMatchObject({ atMs: 3, agentId: 'a1', attempt: 1 });
      expect(await s.tasks.summaries([])).toEqual([]);
      await s.close();
    });

    it('TaskStore: recordProgress (where offered) appends attempts then outcomes like the two calls', async () => {
      const s = await make();
      if (!s.tasks.recordProgress) {
        await s.close();
        return;
      }
      await s.tasks.recordProgress(
        [
          { taskId: 'p1', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
          { taskId: 'p2', dagId: 'd', agentId: 'a1', attempt: 1, assignedAtMs: 1 },
        ],
        [
          { taskId: 'p1', kind: 'started', atMs: 2, agentId: 'a1', attempt: 1 },
          { taskId: 'p1', kind: 'completed', atMs: 3, agentId: 'a1', attempt: 1 },
        ],
      );
      await s.tasks.recordProgress(
        [{ taskId: 'p2', dagId: 'd', agentId: 'a2', attempt: 2, assignedAtMs: 4 }],
        [],
      );
      await s.tasks.recordProgress(
        [],
        [{ taskId: 'p2', kind: 'started', atMs: 5, agentId: 'a2', attempt: 2 }],
      );
      await s.tasks.recordProgress([], []);
      const h = await s.tasks.history('p1');
      expect(h.outcomes.map((o) => o.kind)).toEqual(['started', 'completed']);
      const sums = (await s.tasks.summaries(['p1', 'p2'])).sort((a, b) => (a.taskId < b.taskId ? -1 : 1));
      expect(
        sums.map((x) => [x.taskId, x.lastAttempt.agentId, x.attemptsMax, x.lastAttemptOutcome ?? null]),
      ).toEqual([
        ['p1', 'a1', 1, 'completed'],
        ['p2', 'a2', 2, 'started'],
      ]);
      await s.close();
    });

    it('SettingsStore (where offered): put replaces, get returns a copy, unknown keys are undefined', async () => {
      const s = await make();
      if (!s.settings) {
        await s.close();
        return;
      }
      expect(await s.settings.get('scheduling')).toBeUndefined();
      await s.settings.put('scheduling', { strategy: 'heft', weights: { a: 1 } }, 1);
      await s.settings.put('scheduling', { strategy: 'eft', weights: { b: 2 } }, 2);
      const v = (await s.settings.get('scheduling')) as { weights: Record<string, number> };
      expect(v).toEqual({ strategy: 'eft', weights: { b: 2 } });
      v.weights.b = 3;
      expect(await s.settings.get('scheduling')).toEqual({ strategy: 'eft', weights: { b: 2 } });
      await s.close();
    });

    it('AgentStore: upsert, patch, touch, list sorted, tokens hashed and replaced per agent', async () => {
      const s = await make();
      const spec = (id: string) => ({
        id,
        cluster: 'c',
        type: 't',
        capabilities: [],
        slots: 2,
        speed: 1,
        memoryMb: 1,
        powerIdleW: 0,
        powerMaxW: 0,
      });
      await s.agents.upsert({ spec: spec('b'), adminState: 'active', registeredAtMs: 1, lastSeenAtMs: 1 });
      await s.agents.upsert({ spec: spec('a'), adminState: 'active', registeredAtMs: 1, lastSeenAtMs: 1 });
      await s.agents.patch('a', { adminState: 'isolated', overrides: { slots: 8 } });
      await s.agents.touch(['a', 'b', 'ghost'], 7);
      const list = await s.agents.list();
      expect(list.map((r) => r.spec.id)).toEqual(['a', 'b']);
      expect(list[0]).toMatchObject({ adminState: 'isolated', lastSeenAtMs: 7, overrides: { slots: 8 } });
      await s.agents.putToken({ agentId: 'a', tokenSha256: 'aa'.repeat(32), issuedAtMs: 1 });
      await s.agents.putToken({ agentId: 'a', tokenSha256: 'bb'.repeat(32), issuedAtMs: 2 });
      expect((await s.agents.tokens()).map((t) => t.tokenSha256)).toEqual(['bb'.repeat(32)]);
      await s.close();
    });

    it('EventLog: read after a sequence number, in order, bounded by limit', async () => {
      const s = await make();
      expect(await s.events.lastSeq()).toBe(0);
      await s.events.append(
        [1, 2, 3, 4].map((seq) => ({
          seq,
          atMs: seq,
          kind: 'task' as const,
          type: 'done',
          taskId: `t${seq}`,
        })),
      );
      expect((await s.events.read(1, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect((await s.events.read(4, 10)).length).toBe(0);
      expect(await s.events.lastSeq()).toBe(4);
      await s.close();
    });

    it('MetricsSink: accepts batches without throwing', async () => {
      const s = await make();
      await s.metrics.writeAgentLoad([
        { agentId: 'a', cluster: 'c', atMs: 1, cpu: 0.5, memory: 0.1, network: 0, runningTasks: 1 },
      ]);
      await s.metrics.writeEngine([
        { atMs: 1, stimuli: 1, decisions: 1, completions: 0, aliveAgents: 1, readyTasks: 0, runningTasks: 1 },
      ]);
      await s.close();
    });
  });
}
