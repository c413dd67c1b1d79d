/** DAG routes: submit, list with paging and a status filter, get one, cancel. */
import { isTerminal, TASK_STATE_NAMES } from '../../../core/transitions.js';
import type { SubmissionRecord, SubmissionStatus } from '../../../ports/submission-store.js';
import type { ServerContext } from '../../server-context.js';
import { notFound } from '../problem.js';
import type { RouteDef } from '../route-def.js';
import { ACCEPTED, ANY_OBJECT, dagSubmitSchema, ID_PARAM, PAGE_QUERY } from '../schemas.js';
import { callerName } from './caller.js';
import { type DagSubmit, submitDag } from './submit-dag.js';

/** A submission record with the core's live progress. */
function dagView(ctx: ServerContext, rec: SubmissionRecord): Record<string, unknown> {
  const d = ctx.state.dagIndex.get(rec.dag.id);
  const live = d === undefined ? undefined : ctx.state.dags[d];
  return {
    id: rec.dag.id,
    status: rec.status,
    tasks: rec.dag.tasks.length,
    labels: rec.dag.labels ?? {},
    submittedAtMs: rec.submittedAtMs,
    submittedBy: rec.submittedBy,
    remaining: live?.remaining ?? null,
    failedTasks: live?.failed ?? rec.failedTasks ?? null,
    finishedAtMs: rec.finishedAtMs ?? (live && live.finishedAtMs >= 0 ? live.finishedAtMs : null),
    reason: rec.reason ?? null,
  };
}

function taskStates(ctx: ServerContext, dagId: string): Record<string, number> {
  const out: Record<string, number> = {};
  const d = ctx.state.dagIndex.get(dagId);
  if (d === undefined) return out;
  const rec = ctx.state.dags[d]!;
  for (let t = rec.firstTask; t < rec.firstTask + rec.taskCount; t++) {
    const name = TASK_STATE_NAMES[ctx.state.taskState[t]!]!;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

export function dagRoutes(tasksPerDagMax: number): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/v1/dags',
      access: 'operator',
      tag: 'dags',
      summary: 'Submit a DAG (acknowledged once stored and accepted by the core)',
      schema: { body: dagSubmitSchema(tasksPerDagMax), response: { 201: ACCEPTED } },
      errors: [409, 413, 415, 422, 429],
      handler: async (ctx, req, reply) => {
        const receivedAtMs = ctx.clock.preciseMs() - reply.elapsedTime;
        const res = await submitDag(ctx, req.body as DagSubmit, callerName(req), receivedAtMs);
        return reply.code(201).send(res);
      },
    },
    {
      method: 'GET',
      url: '/v1/dags',
      access: 'viewer',
      tag: 'dags',
      summary: 'List DAGs in submission order, with paging and a status filter',
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY,
            status: { type: 'string', enum: ['accepted', 'rejected', 'completed', 'cancelled'] },
          },
        },
        response: { 200: ANY_OBJECT },
      },
      handler: async (ctx, req) => {
        const q = req.query as { limit: number; cursor?: string; status?: SubmissionStatus };
        const page = await ctx.stores.submissions.list(
          { status: q.status },
          { limit: q.limit, cursor: q.cursor },
        );
        return { items: page.items.map((r) => dagView(ctx, r)), nextCursor: page.nextCursor ?? null };
      },
    },
    {
      method: 'GET',
      url: '/v1/dags/:dagId',
      access: 'viewer',
      tag: 'dags',
      summary: 'One DAG with its progress and task state counts',
      schema: { params: ID_PARAM('dagId'), response: { 200: ANY_OBJECT } },
      errors: [404],
      handler: async (ctx, req) => {
        const { dagId } = req.params as { dagId: string };
        const rec = await ctx.stores.submissions.get(dagId);
        if (!rec) throw notFound('dagId', dagId);
        return { ...dagView(ctx, rec), taskStates: taskStates(ctx, dagId) };
      },
    },
    {
      method: 'POST',
      url: '/v1/dags/:dagId/cancel',
      access: 'operator',
      tag: 'dags',
      summary: 'Cancel every unsettled task of a DAG',
      schema: { params: ID_PARAM('dagId'), response: { 202: ACCEPTED } },
      errors: [404],
      handler: async (ctx, req, reply) => {
        const { dagId } = req.params as { dagId: string };
        const d = ctx.state.dagIndex.get(dagId);
        if (d === undefined) throw notFound('dagId', dagId);
        const rec = ctx.state.dags[d]!;
        const waits: Promise<unknown>[] = [];
        for (let t = rec.firstTask; t < rec.firstTask + rec.taskCount; t++) {
          if (!isTerminal(ctx.state.taskState[t]!)) {
            waits.push(
              ctx.driver.submitAndWait({ kind: 'CancelRequested', taskId: ctx.state.taskSpec[t]!.id }),
            );
          }
        }
        await Promise.all(waits);
        if (waits.length > 0)
          await ctx.stores.submissions.settle(dagId, 'cancelled', { finishedAtMs: ctx.clock.nowMs() });
        return reply
          .code(202)
          .send({ status: 'cancelled', detail: `${waits.length} unsettled tasks cancelled` });
      },
    },
  ];
}
