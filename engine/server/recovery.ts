/**
 * Restart recovery of a live server: before agents can connect, the DAGs the stores hold as accepted but
 * unfinished are re-submitted to the fresh core, then the progress the TaskStore recorded is restored in
 * one `ProgressRestored` stimulus (done, failed, in-flight attempts, attempt counters), and the event
 * numbering continues after the stored log. Agents that held in-flight work resume on reconnect: the
 * gateway asks `resume` and, for an agent restored alive with the same spec, keeps its running attempts
 * instead of treating it as a restarted agent; its heartbeats then reconcile (orphans cancelled, attempts
 * it lost re-placed, finishes it repeats recorded once).
 */
import { performance } from 'node:perf_hooks';
import { AgentStatus } from '../core/state.js';
import type { AgentSpec } from '../model/types.js';
import { buildRestorePlan, type RestorePlan } from './restore-plan.js';
import type { ServerContext } from './server-context.js';

export interface RecoveryReport {
  dags: number;
  tasks: number;
  counts: RestorePlan['counts'];
  agentsRestored: number;
  /** Wall time from the first store read to the restored core. */
  durationMs: number;
}

/**
 * How long agents restored alive may take to reconnect before they can be declared dead: agents back off
 * up to 5 s between attempts while the engine is down, and a thousand of them register at once.
 */
const RECONNECT_GRACE_MS = 15_000;

/** Task ids per summaries query (keeps one statement's parameters bounded). */
const SUMMARY_CHUNK = 50_000;

/** Restores what the stores recorded; resolves once the core holds it. */
export async function recoverServer(ctx: ServerContext): Promise<RecoveryReport> {
  const t0 = performance.now();
  const [unfinished, lastSeq] = await Promise.all([
    ctx.stores.submissions.unfinished(),
    ctx.stores.events.lastSeq(),
  ]);
  ctx.hub.continueAfter(lastSeq);
  const report: RecoveryReport = {
    dags: unfinished.length,
    tasks: 0,
    counts: { done: 0, failed: 0, cancelled: 0, inFlight: 0, ready: 0 },
    agentsRestored: 0,
    durationMs: 0,
  };
  if (unfinished.length === 0) return report;
  const taskIds: string[] = [];
  for (const rec of unfinished) {
    for (const [taskId, cmd] of Object.entries(rec.commands ?? {})) ctx.commands.set(taskId, cmd);
    for (const t of rec.dag.tasks) taskIds.push(t.id);
    ctx.driver.submit({ kind: 'DagSubmitted', dag: rec.dag });
  }
  const [summaries, agents] = await Promise.all([summariesOf(ctx, taskIds), ctx.stores.agents.list()]);
  const plan = buildRestorePlan(summaries, new Map(agents.map((a) => [a.spec.id, a.spec])));
  await ctx.driver.submitAndWait({
    kind: 'ProgressRestored',
    agents: plan.agents,
    tasks: plan.tasks,
    reconnectGraceMs: RECONNECT_GRACE_MS,
  });
  installResume(ctx, plan);
  Object.assign(report, { tasks: taskIds.length, counts: plan.counts, agentsRestored: plan.agents.length });
  report.durationMs = Math.round(performance.now() - t0);
  ctx.log.info('restored state from the stores', { ...report });
  return report;
}

async function summariesOf(ctx: ServerContext, taskIds: string[]) {
  const parts = [];
  for (let i = 0; i < taskIds.length; i += SUMMARY_CHUNK)
    parts.push(ctx.stores.tasks.summaries(taskIds.slice(i, i + SUMMARY_CHUNK)));
  return (await Promise.all(parts)).flat();
}

function sameSpec(a: AgentSpec, b: AgentSpec): boolean {
  return (
    a.slots === b.slots &&
    a.cluster === b.cluster &&
    a.memoryMb === b.memoryMb &&
    a.capabilities.length === b.capabilities.length &&
    a.capabilities.every((c, i) => c === b.capabilities[i])
  );
}

/**
 * Lets each agent restored alive resume once: on its first connection after the restart, when the core
 * still has it alive with the same spec, the gateway keeps its running attempts and skips AgentJoined.
 */
function installResume(ctx: ServerContext, plan: RestorePlan): void {
  const pending = new Set(plan.agents.filter((a) => a.alive).map((a) => a.spec.id));
  if (pending.size === 0) return;
  ctx.gateway.hooks.resume = (spec) => {
    if (!pending.delete(spec.id)) return false;
    const a = ctx.state.agentIndex.get(spec.id);
    if (a === undefined || ctx.state.agentStatus[a] !== AgentStatus.Alive) return false;
    return sameSpec(ctx.state.agentSpec[a]!, spec);
  };
}
