/** Agent routes: list, status, register (issue a per-agent token), update, drain, isolate, readmit. */
import { drainStateOf } from '../../../core/agent-drain.js';
import { AgentStatus } from '../../../core/state.js';
import type { AgentRecord } from '../../../ports/agent-store.js';
import { newToken, sha256Hex } from '../../auth/token-registry.js';
import type { ServerContext } from '../../server-context.js';
import { notFound, ProblemError } from '../problem.js';
import type { RouteDef } from '../route-def.js';
import { ACCEPTED, ANY_OBJECT, ID_PARAM, NAME_PATTERN } from '../schemas.js';

const STATUS_NAMES = ['alive', 'dead', 'left'];

function agentView(
  ctx: ServerContext,
  id: string,
  rec: AgentRecord | undefined,
): Record<string, unknown> | undefined {
  const s = ctx.state;
  const a = s.agentIndex.get(id);
  if (a === undefined && !rec) return undefined;
  const spec = a === undefined ? rec!.spec : s.agentSpec[a]!;
  return {
    id,
    cluster: spec.cluster,
    type: spec.type,
    capabilities: spec.capabilities,
    slots: spec.slots,
    speed: spec.speed,
    status: a === undefined ? 'registered' : STATUS_NAMES[s.agentStatus[a]!],
    connected: ctx.gateway.sessions.has(id),
    adminState: rec?.adminState ?? 'active',
    drain: drainStateOf(s, id),
    usedSlots: a === undefined ? 0 : s.agentUsedSlots[a],
    runningTasks: a === undefined ? 0 : s.agentRunning[a]!.size,
    load:
      a === undefined ? null : { cpu: s.agentCpu[a], memory: s.agentMemory[a], network: s.agentNetwork[a] },
    lastHeartbeatMs: a === undefined ? null : s.agentLastHeartbeatMs[a],
    assignedTotal: a === undefined ? 0 : s.agentAssignedTotal[a],
    overrides: rec?.overrides ?? null,
  };
}

async function mustExist(ctx: ServerContext, agentId: string): Promise<AgentRecord | undefined> {
  const rec = await ctx.stores.agents.get(agentId);
  if (!rec && !ctx.state.agentIndex.has(agentId)) throw notFound('agentId', agentId);
  return rec;
}

export function agentRoutes(): RouteDef[] {
  return [
    {
      method: 'GET',
      url: '/v1/agents',
      access: 'viewer',
      tag: 'agents',
      summary: 'List agents with status and load (filter by cluster or status)',
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            cluster: { type: 'string', pattern: NAME_PATTERN },
            status: { type: 'string', enum: ['alive', 'dead', 'left', 'registered'] },
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
            cursor: { type: 'string', pattern: '^[0-9]{1,12}$' },
          },
        },
        response: { 200: ANY_OBJECT },
      },
      handler: async (ctx, req) => {
        const q = req.query as { cluster?: string; status?: string; limit: number; cursor?: string };
        const recs = await ctx.stores.agents.list();
        const start = q.cursor === undefined ? 0 : Number(q.cursor);
        const items: unknown[] = [];
        let i = start;
        for (; i < recs.length && items.length < q.limit; i++) {
          const v = agentView(ctx, recs[i]!.spec.id, recs[i])!;
          if ((q.cluster && v.cluster !== q.cluster) || (q.status && v.status !== q.status)) continue;
          items.push(v);
        }
        return { items, nextCursor: i < recs.length ? String(i) : null };
      },
    },
    {
      method: 'GET',
      url: '/v1/agents/:agentId',
      access: 'viewer',
      tag: 'agents',
      summary: 'One agent',
      schema: { params: ID_PARAM('agentId'), response: { 200: ANY_OBJECT } },
      errors: [404],
      handler: async (ctx, req) => {
        const { agentId } = req.params as { agentId: string };
        const v = agentView(ctx, agentId, await ctx.stores.agents.get(agentId));
        if (!v) throw notFound('agentId', agentId);
        return v;
      },
    },
    {
      method: 'POST',
      url: '/v1/agents',
      access: 'admin',
      tag: 'agents',
      summary: 'Register an agent id and issue its per-agent token (shown once)',
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['agentId'],
          properties: { agentId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$' } },
        },
        response: { 201: ANY_OBJECT },
      },
      handler: async (ctx, req, reply) => {
        const { agentId } = req.body as { agentId: string };
        const token = newToken();
        const digest = sha256Hex(token);
        await ctx.stores.agents.putToken({ agentId, tokenSha256: digest, issuedAtMs: ctx.clock.nowMs() });
        ctx.tokens.addAgentTokenDigest(digest, { name: `agent:${agentId}`, agentId });
        return reply
          .code(201)
          .send({ agentId, token, detail: 'store this token now; it is not shown again' });
      },
    },
    {
      method: 'PATCH',
      url: '/v1/agents/:agentId',
      access: 'admin',
      tag: 'agents',
      summary: 'Override slots, capabilities or cluster (applied when the agent next registers)',
      schema: {
        params: ID_PARAM('agentId'),
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            slots: { type: 'integer', minimum: 1, maximum: 4096 },
            capabilities: {
              type: 'array',
              maxItems: 64,
              uniqueItems: true,
              items: { type: 'string', pattern: NAME_PATTERN },
            },
            cluster: { type: 'string', pattern: NAME_PATTERN },
          },
        },
        response: { 200: ANY_OBJECT },
      },
      errors: [404],
      handler: async (ctx, req) => {
        const { agentId } = req.params as { agentId: string };
        const rec = await ctx.stores.agents.get(agentId);
        if (!rec) throw notFound('agentId', agentId);
        const overrides = { ...(rec.overrides ?? {}), ...(req.body as object) };
        await ctx.stores.agents.patch(agentId, { overrides });
        return { agentId, overrides, appliesAt: 'next registration' };
      },
    },
    {
      method: 'POST',
      url: '/v1/agents/:agentId/drain',
      access: 'operator',
      tag: 'agents',
      summary:
        'Drain: the agent gets no new tasks, finishes its running ones, is reported drained (GET shows drain), then leaves',
      schema: { params: ID_PARAM('agentId'), response: { 202: ACCEPTED } },
      errors: [404],
      handler: async (ctx, req, reply) => {
        const { agentId } = req.params as { agentId: string };
        await mustExist(ctx, agentId);
        await ctx.stores.agents.patch(agentId, { adminState: 'draining' });
        // The core decides (AgentDrainRequested); an agent it has not met yet is drained when it connects.
        await ctx.driver.submitAndWait({ kind: 'AgentDrainRequested', agentId });
        const state = drainStateOf(ctx.state, agentId);
        const detail =
          state === 'none'
            ? 'agent not connected yet: the drain applies when it connects'
            : state === 'drained'
              ? 'agent holds no tasks'
              : `${ctx.state.agentRunning[ctx.state.agentIndex.get(agentId)!]!.size} running tasks to finish`;
        return reply.code(202).send({ status: state === 'drained' ? 'drained' : 'draining', detail });
      },
    },
    {
      method: 'POST',
      url: '/v1/agents/:agentId/isolate',
      access: 'operator',
      tag: 'agents',
      summary: 'Isolate: cut the agent off now; its tasks are re-placed and it may not re-register',
      schema: { params: ID_PARAM('agentId'), response: { 202: ACCEPTED } },
      errors: [404],
      handler: async (ctx, req, reply) => {
        const { agentId } = req.params as { agentId: string };
        await mustExist(ctx, agentId);
        await ctx.stores.agents.patch(agentId, { adminState: 'isolated' });
        ctx.gateway.isolate(agentId, 'isolated by an operator');
        return reply.code(202).send({ status: 'isolated' });
      },
    },
    {
      method: 'POST',
      url: '/v1/agents/:agentId/readmit',
      access: 'operator',
      tag: 'agents',
      summary: 'Lift isolation or drain: the agent may register again and take work',
      schema: { params: ID_PARAM('agentId'), response: { 202: ACCEPTED } },
      errors: [404, 409],
      handler: async (ctx, req, reply) => {
        const { agentId } = req.params as { agentId: string };
        await mustExist(ctx, agentId);
        // A connected agent told to drain refuses new work until it has left; readmit it after that.
        if (ctx.gateway.sessions.has(agentId) && drainStateOf(ctx.state, agentId) !== 'none') {
          throw new ProblemError(
            409,
            'conflict',
            `agentId: agent "${agentId}" is still connected under a drain; readmit it once it has left`,
            [{ field: 'agentId', message: 'connected and draining' }],
          );
        }
        await ctx.stores.agents.patch(agentId, { adminState: 'active' });
        await ctx.driver.submitAndWait({ kind: 'AgentDrainLifted', agentId });
        return reply.code(202).send({ status: 'active' });
      },
    },
  ];
}

/** True when the agent is alive in the core. */
export function isAlive(ctx: ServerContext, agentId: string): boolean {
  const a = ctx.state.agentIndex.get(agentId);
  return a !== undefined && ctx.state.agentStatus[a] === AgentStatus.Alive;
}
