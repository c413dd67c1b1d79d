/**
 * Conformance: one small scenario (3 DAGs, 6 agents, one agent killed mid-run) runs in the simulator and
 * live with real `agentsched agent` processes over loopback. Both complete every task exactly once and
 * respect DAG order; replaying the live server's journal through a fresh core reproduces every command,
 * so the live decisions come from the same `handleStimulus`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, handleStimulus } from '../../../engine/core/engine.js';
import { assertInvariants } from '../../../engine/core/invariants.js';
import type { Command, Stimulus } from '../../../engine/core/stimuli.js';
import { createRandom } from '../../../engine/model/random.js';
import type { AgentSpec, DagSpec } from '../../../engine/model/types.js';
import { buildFleet, networkOf } from '../../../sim/fleet.js';
import { buildWorkload, runScenario } from '../../../sim/run-scenario.js';
import { loadScenarioFile } from '../../../sim/scenario/load.js';
import { ExecState } from '../../../sim/simulator.js';
import { meanMsPerByte } from '../../../sim/workload.js';
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

const SCENARIO = join(import.meta.dirname, 'fixtures', 'conformance.yaml');
const TIME_SCALE = 0.2;

const dir = mkdtempSync(join(tmpdir(), 'agentsched-conformance-'));
const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The fleet and DAGs exactly as the simulator builds them for this scenario. */
function scenarioWorld(): { agents: AgentSpec[]; dags: DagSpec[]; seed: number; victim: string } {
  const loaded = loadScenarioFile(SCENARIO);
  const s = loaded.scenario;
  const random = createRandom(s.seed!);
  const agents = buildFleet(s, random.fork('fleet'));
  const ctx = {
    random: random.fork('workload'),
    taskTypes: s.workload.taskTypes ?? [],
    msPerByte: meanMsPerByte(networkOf(s), s.fleet.clusters ?? 1),
  };
  const dags = buildWorkload(loaded, ctx, {});
  const sim = runScenario(loaded, { checkInvariants: 'full' });
  const crash = sim.trace.faults.find((f) => f.kind === 'crash')!;
  return { agents, dags, seed: s.seed!, victim: agents[crash.agent]!.id };
}

function parentsOf(dags: DagSpec[]): Map<string, readonly string[]> {
  const m = new Map<string, readonly string[]>();
  for (const d of dags) for (const t of d.tasks) m.set(t.id, t.parents);
  return m;
}

describe('live conformance with the simulator', () => {
  const world = scenarioWorld();
  const parents = parentsOf(world.dags);
  const taskCount = world.dags.reduce((n, d) => n + d.tasks.length, 0);

  it('simulation: every task completes exactly once, in DAG order, despite the crash', () => {
    const out = runScenario(loadScenarioFile(SCENARIO), { checkInvariants: 'full' });
    expect(out.result.tasks).toMatchObject({
      submitted: taskCount,
      completed: taskCount,
      lost: 0,
      duplicateCompletions: 0,
    });
    expect(out.result.tasks.retried).toBeGreaterThan(0);
    const ex = out.trace.exec;
    const doneAt = new Map<string, { start: number; end: number }>();
    ex.task.forEach((t, e) => {
      if (ex.state[e] === ExecState.Done)
        doneAt.set(out.trace.taskIds[t]!, { start: ex.startMs[e]!, end: ex.endMs[e]! });
    });
    expect(doneAt.size).toBe(taskCount);
    for (const [id, { start }] of doneAt)
      for (const p of parents.get(id)!) expect(start).toBeGreaterThanOrEqual(doneAt.get(p)!.end);
  });

  it('live: real agent processes, one killed mid-run; same outcome, decisions replay through the same core', async () => {
    const journal = join(dir, 'journal.ndjson');
    const config = join(dir, 'serve.yaml');
    writeFileSync(
      config,
      `seed: ${world.seed}\nengine: { heartbeatIntervalMs: 500, heartbeatTimeoutMs: 1600, keepStory: true }\n`,
    );
    const server: ServerProc = await startServerProcess(['--config', config, '--journal', journal]);
    procs.push(server);
    const survivors = join(dir, 'agents.json');
    const victimFile = join(dir, 'victim.json');
    writeFileSync(survivors, JSON.stringify(world.agents.filter((a) => a.id !== world.victim)));
    writeFileSync(victimFile, JSON.stringify(world.agents.filter((a) => a.id === world.victim)));
    const common = [
      'agent',
      '--engine',
      server.grpc,
      '--exec',
      'sleep',
      '--time-scale',
      String(TIME_SCALE),
      '--quiet',
    ];
    const victim = spawnCli([...common, '--agents-file', victimFile]);
    const others = spawnCli([...common, '--agents-file', survivors]);
    procs.push(victim, others);
    await waitFor(
      async () => {
        const r = await api(server.http, 'GET', '/v1/scheduling/stats', TOKENS.viewer);
        return r.json?.agents?.alive === world.agents.length ? true : undefined;
      },
      60_000,
      'all agents to join',
    );

    for (const dag of world.dags) {
      const r = await api(server.http, 'POST', '/v1/dags', TOKENS.operator, dag);
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    }
    await waitFor(
      async () => {
        const r = await api(
          server.http,
          'GET',
          `/v1/agents/${encodeURIComponent(world.victim)}`,
          TOKENS.viewer,
        );
        return r.json?.runningTasks > 0 ? true : undefined;
      },
      30_000,
      'the victim to hold a task',
      20,
    );
    victim.child.kill('SIGKILL');

    const stats = await waitFor(
      async () => {
        const r = await api(server.http, 'GET', '/v1/scheduling/stats', TOKENS.viewer);
        return r.json?.tasks?.pending === 0 ? r.json : undefined;
      },
      60_000,
      'every task to settle',
    );
    expect(stats.tasks.states.done).toBe(taskCount);
    expect(stats.engine.retries).toBeGreaterThan(0);

    const tasks = (await api(server.http, 'GET', '/v1/tasks?limit=1000', TOKENS.viewer)).json.items as {
      id: string;
      state: string;
      assignedAtMs: number;
      finishedAtMs: number;
    }[];
    const byId = new Map(tasks.map((t) => [t.id, t]));
    for (const t of tasks) {
      expect(t.state).toBe('done');
      for (const p of parents.get(t.id)!)
        expect(t.assignedAtMs).toBeGreaterThanOrEqual(byId.get(p)!.finishedAtMs);
    }

    expect(await stopProcess(others)).toBe(0);
    expect(await stopProcess(server)).toBe(0);
    const lines = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const header = lines.shift() as { seed: number; engine: object };
    const entries = lines as { nowMs: number; stimulus: Stimulus; commands: Command[] }[];
    const completions = new Map<string, number>();
    for (const e of entries)
      for (const c of e.commands)
        if (c.kind === 'TaskCompleted') completions.set(c.taskId, (completions.get(c.taskId) ?? 0) + 1);
    expect(completions.size).toBe(taskCount);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);

    const core = createEngine(header.engine, createRandom(header.seed).fork('engine'));
    let decisions = 0;
    for (const e of entries) {
      const cmds = handleStimulus(core, e.stimulus, { nowMs: e.nowMs });
      expect(cmds).toEqual(e.commands);
      decisions += cmds.filter((c) => c.kind === 'AssignTask').length;
      assertInvariants(core);
    }
    expect(decisions).toBeGreaterThan(taskCount);
  }, 150_000);
});
