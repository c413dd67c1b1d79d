/**
 * Prometheus exposition of the engine's figures (text format 0.0.4) at GET /metrics, for scrapers that
 * send a viewer token: tasks by state, agents, free slots, decisions and recovery counters, driver queue.
 */
import type { FastifyReply } from 'fastify';
import { TASK_STATE_NAMES } from '../../../core/transitions.js';
import type { ServerContext } from '../../server-context.js';
import type { RouteDef } from '../route-def.js';

type Kind = 'gauge' | 'counter';

/** One metric family: HELP and TYPE lines, then one sample per label set. */
function family(name: string, kind: Kind, help: string, samples: [string, number][]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${kind}`];
  for (const [labels, v] of samples) lines.push(`${name}${labels} ${Number.isFinite(v) ? v : 0}`);
  return lines.join('\n');
}

/** The exposition text for the current engine state. */
export function prometheusText(ctx: ServerContext): string {
  const s = ctx.state;
  const st = s.stats;
  const one = (v: number): [string, number][] => [['', v]];
  return `${[
    family(
      'agentsched_tasks',
      'gauge',
      'Tasks by lifecycle state.',
      TASK_STATE_NAMES.map((n, i) => [`{state="${n}"}`, s.stateCounts[i]!]),
    ),
    family(
      'agentsched_tasks_submitted_total',
      'counter',
      'Tasks accepted since start.',
      one(s.taskSpec.length),
    ),
    family('agentsched_dags_total', 'counter', 'DAGs accepted since start.', one(s.dags.length)),
    family('agentsched_agents', 'gauge', 'Agents by view.', [
      ['{view="known"}', s.agentSpec.length],
      ['{view="alive"}', s.aliveAgents],
      ['{view="connected"}', ctx.gateway.connectedCount],
    ]),
    family('agentsched_free_slots', 'gauge', 'Slots the engine may still reserve.', one(s.totalFreeSlots)),
    family('agentsched_decisions_total', 'counter', 'Placement decisions.', one(st.decisions)),
    family('agentsched_completions_total', 'counter', 'Task completions recorded.', one(st.completions)),
    family(
      'agentsched_retries_total',
      'counter',
      'Attempts re-queued after a failure or a lost agent.',
      one(st.retries),
    ),
    family('agentsched_preemptions_total', 'counter', 'Tasks preempted by urgent work.', one(st.preemptions)),
    family(
      'agentsched_stale_reports_total',
      'counter',
      'Reports for attempts the engine no longer runs.',
      one(st.staleReports),
    ),
    family(
      'agentsched_agents_declared_dead_total',
      'counter',
      'Agents declared dead.',
      one(st.agentsDeclaredDead),
    ),
    family(
      'agentsched_driver_stimuli_total',
      'counter',
      'Stimuli handled by the core.',
      one(ctx.driver.stimuliTotal),
    ),
    family(
      'agentsched_driver_queue_length',
      'gauge',
      'Stimuli waiting for the core.',
      one(ctx.driver.queueLength),
    ),
    family(
      'agentsched_core_errors_total',
      'counter',
      'Stimuli the core rejected as bugs.',
      one(ctx.driver.coreErrors),
    ),
    family(
      'agentsched_uptime_seconds',
      'gauge',
      'Seconds since the server started.',
      one((ctx.clock.nowMs() - ctx.startedAtMs) / 1000),
    ),
  ].join('\n')}\n`;
}

export function metricsRoutes(): RouteDef[] {
  return [
    {
      method: 'GET',
      url: '/metrics',
      access: 'viewer',
      tag: 'monitoring',
      summary: 'Prometheus metrics (text exposition format 0.0.4)',
      schema: { response: { 200: { type: 'string' } } },
      handler: async (ctx, _req, reply: FastifyReply) => {
        reply.type('text/plain; version=0.0.4; charset=utf-8');
        return prometheusText(ctx);
      },
    },
  ];
}
