/** Scheduling routes: statistics, current strategy and weights, change them (through the core's ConfigChanged). */
import { TASK_STATE_NAMES } from '../../../core/transitions.js';
import { strategyNames } from '../../../schedule/registry.js';
import { SCHEDULING_SETTINGS_KEY } from '../../recovery.js';
import type { ServerContext } from '../../server-context.js';
import { invalidField } from '../problem.js';
import type { RouteDef } from '../route-def.js';
import { ANY_OBJECT } from '../schemas.js';
import { pendingTasks } from './submit-dag.js';

function stats(ctx: ServerContext): Record<string, unknown> {
  const s = ctx.state;
  const states: Record<string, number> = {};
  TASK_STATE_NAMES.forEach((n, i) => {
    states[n] = s.stateCounts[i]!;
  });
  return {
    nowMs: ctx.clock.nowMs(),
    uptimeMs: ctx.clock.nowMs() - ctx.startedAtMs,
    tasks: { submitted: s.taskSpec.length, pending: pendingTasks(ctx), states },
    dags: s.dags.length,
    agents: {
      known: s.agentSpec.length,
      alive: s.aliveAgents,
      connected: ctx.gateway.connectedCount,
      freeSlots: s.totalFreeSlots,
    },
    engine: { ...s.stats },
    driver: {
      stimuli: ctx.driver.stimuliTotal,
      queued: ctx.driver.queueLength,
      coreErrors: ctx.driver.coreErrors,
      turns: ctx.driver.turns,
      turnTimes: ctx.driver.turnTimes,
      ...ctx.executor.counters,
    },
    events: { lastSeq: ctx.hub.lastSeq, subscribers: ctx.hub.subscriberCount },
    storeWrites: ctx.writer && {
      batches: ctx.writer.batches,
      inFlight: ctx.writer.inFlight,
      errors: ctx.writer.writeErrors,
    },
    process: processFigures(),
  };
}

/** CPU time and memory of the server process (for cost per task under load; not engine state). */
function processFigures(): Record<string, number> {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    rssMb: Math.round(mem.rss / 2 ** 20),
    heapUsedMb: Math.round(mem.heapUsed / 2 ** 20),
  };
}

export function schedulingRoutes(): RouteDef[] {
  const strategyBody = {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      strategy: { type: 'string', maxLength: 64 },
      weights: {
        type: 'object',
        maxProperties: 64,
        propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' },
        additionalProperties: { type: 'number', minimum: 0, maximum: 1e6 },
      },
    },
  };
  return [
    {
      method: 'GET',
      url: '/v1/scheduling/stats',
      access: 'viewer',
      tag: 'scheduling',
      summary: 'Engine statistics: task states, agents, decisions, retries, driver queue',
      schema: { response: { 200: ANY_OBJECT } },
      handler: async (ctx) => stats(ctx),
    },
    {
      method: 'GET',
      url: '/v1/scheduling/strategy',
      access: 'viewer',
      tag: 'scheduling',
      summary: 'Current placement strategy and weights, and the strategies available',
      schema: { response: { 200: ANY_OBJECT } },
      handler: async (ctx) => ({
        strategy: ctx.state.config.strategy,
        weights: ctx.state.config.weights,
        available: strategyNames(),
      }),
    },
    {
      method: 'PUT',
      url: '/v1/scheduling/strategy',
      access: 'admin',
      tag: 'scheduling',
      summary: 'Change the placement strategy and/or weights (the core validates and applies them)',
      schema: { body: strategyBody, response: { 200: ANY_OBJECT } },
      errors: [422],
      handler: async (ctx, req) => {
        const body = req.body as { strategy?: string; weights?: Record<string, number> };
        if (body.strategy !== undefined && !strategyNames().includes(body.strategy)) {
          throw invalidField(
            'strategy',
            `unknown strategy "${body.strategy.slice(0, 64)}" (known: ${strategyNames().join(', ')})`,
          );
        }
        const cmds = await ctx.driver.submitAndWait({
          kind: 'ConfigChanged',
          strategy: body.strategy,
          weights: body.weights,
        });
        const refused = cmds.find((c) => c.kind === 'Alert' && c.message.startsWith('config change refused'));
        if (refused && refused.kind === 'Alert')
          throw invalidField(body.weights ? 'weights' : 'strategy', refused.message);
        const applied = { strategy: ctx.state.config.strategy, weights: ctx.state.config.weights };
        // Durable before answering: a restarted engine applies the change again (see recovery.ts).
        await ctx.stores.settings?.put(SCHEDULING_SETTINGS_KEY, applied, ctx.clock.nowMs());
        return applied;
      },
    },
  ];
}
