/**
 * Restart recovery of a live server: before agents can connect, the DAGs the stores hold as accepted but
 * unfinished are re-submitted to the fresh core, then the progress the TaskStore recorded is restored in
 * one `ProgressRestored` stimulus (done, failed, in-flight attempts, attempt counters), and the event
 * numbering continues after the stored log. Agents that held in-flight work are restored alive and resume
 * on reconnect through the core's `AgentReconnected` (same capacity: attempts kept, orphans cancelled);
 * the reports they queued while the engine was down follow (a finish of a restored attempt is recorded
 * once, its dependants released), and heartbeat reconciliation re-places what none of them holds. An agent
 * that does not come back within the reconnect grace is timed out and its attempts are retried.
 */
import { performance } from 'node:perf_hooks';
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

/** Settings key of the strategy and weights an operator set through the REST API. */
export const SCHEDULING_SETTINGS_KEY = 'scheduling';

/** Restores what the stores recorded; resolves once the core holds it. */
export async function recoverServer(ctx: ServerContext): Promise<RecoveryReport> {
  const t0 = performance.now();
  const [unfinished, lastSeq] = await Promise.all([
    ctx.stores.submissions.unfinished(),
    ctx.stores.events.lastSeq(),
    restoreScheduling(ctx),
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
  Object.assign(report, { tasks: taskIds.length, counts: plan.counts, agentsRestored: plan.agents.length });
  report.durationMs = Math.round(performance.now() - t0);
  ctx.log.info('restored state from the stores', { ...report });
  return report;
}

/**
 * Re-applies the strategy and weights last set through the REST API (through the core's ConfigChanged,
 * like the API itself), so a restart does not silently fall back to the start-up configuration.
 */
async function restoreScheduling(ctx: ServerContext): Promise<void> {
  const v = (await ctx.stores.settings?.get(SCHEDULING_SETTINGS_KEY)) as
    | { strategy?: unknown; weights?: unknown }
    | undefined;
  if (!v || typeof v.strategy !== 'string') return;
  const weights =
    v.weights && typeof v.weights === 'object' ? (v.weights as Record<string, number>) : undefined;
  const cmds = await ctx.driver.submitAndWait({ kind: 'ConfigChanged', strategy: v.strategy, weights });
  const refused = cmds.find((c) => c.kind === 'Alert');
  if (refused?.kind === 'Alert')
    ctx.log.warn('stored scheduling settings not applied', { reason: refused.message });
  else ctx.log.info('scheduling settings restored', { strategy: v.strategy });
}

async function summariesOf(ctx: ServerContext, taskIds: string[]) {
  const parts = [];
  for (let i = 0; i < taskIds.length; i += SUMMARY_CHUNK)
    parts.push(ctx.stores.tasks.summaries(taskIds.slice(i, i + SUMMARY_CHUNK)));
  return (await Promise.all(parts)).flat();
}
