/** Task routes: submit one task, list with paging and filters, get one (with its story), cancel. */
import { story } from '../../../core/engine.js';
import { AgentStatus } from '../../../core/state.js';
import { isTerminal, TASK_STATE_NAMES } from '../../../core/transitions.js';
import type { ServerContext } from '../../server-context.js';
import { notFound, ProblemError } from '../problem.js';
import type { RouteDef } from '../route-def.js';
import {
  ACCEPTED,
  ANY_OBJECT,
  ID_PARAM,
  ID_PATTERN,
  PAGE_QUERY,
  TASK_STATES,
  TASK_SUBMIT,
} from '../schemas.js';
import { callerName } from './caller.js';
import { submitDag, type TaskSubmit } from './submit-dag.js';

function taskView(ctx: ServerContext, t: number): Record<string, unknown> {
  const s = ctx.state;
  const spec = s.taskSpec[t]!;
  const a = s.taskAgent[t]!;
  return {
    id: spec.id,
    dagId: s.dags[s.taskDag[t]!]!.id,
    state: TASK_STATE_NAMES[s.taskState[t]!],
    agentId: a >= 0 ? s.agentSpec[a]!.id : null,
    attempt: s.taskAttempt[t],
    type: spec.type,
    priority: spec.priority,
    readyAtMs: s.taskReadyAtMs[t]! >= 0 ? s.taskReadyAtMs[t] : null,
    assignedAtMs: s.taskAssignedAtMs[t]! >= 0 ? s.taskAssignedAtMs[t] : null,
    startedAtMs: s.taskStartedAtMs[t]! >= 0 ? s.taskStartedAtMs[t] : null,
    finishedAtMs: s.taskFinishedAtMs[t]! >= 0 ? s.taskFinishedAtMs[t] : null,
  };
}

interface TaskQuery {
  limit: number;
  cursor?: string;
  dagId?: string;
  state?: string;
  agentId?: string;
}

function listTasks(ctx: ServerContext, q: TaskQuery): { items: unknown[]; nextCursor: string | null } {
  const s = ctx.state;
  let from = 0;
  let to = s.taskSpec.length;
  if (q.dagId !== undefined) {
    const d = s.dagIndex.get(q.dagId);
    if (d === undefined) return { items: [], nextCursor: null };
    from = s.dags[d]!.firstTask;
    to = from + s.dags[d]!.taskCount;
  }
  const stateCode = q.state === undefined ? -1 : TASK_STATE_NAMES.indexOf(q.state as never);
  const agent = q.agentId === undefined ? -2 : (s.agentIndex.get(q.agentId) ?? -3);
  const items: unknown[] = [];
  let t = Math.max(from, q.cursor === undefined ? 0 : Number(q.cursor));
  for (; t < to && items.length < q.limit; t++) {
    if (stateCode >= 0 && s.taskState[t] !== stateCode) continue;
    if (agent !== -2 && s.taskAgent[t] !== agent) continue;
    items.push(taskView(ctx, t));
  }
  return { items, nextCursor: t < to ? String(t) : null };
}

export function taskRoutes(): RouteDef[] {
  return [
    {
      method: 'POST',
      url: '/v1/tasks',
      access: 'operator',
      tag: 'tasks',
      summary: 'Submit one task (as a one-task DAG whose id is the task id unless dagId is given)',
      schema: {
        body: {
          ...TASK_SUBMIT,
          properties: { ...TASK_SUBMIT.properties, dagId: { type: 'string', pattern: ID_PATTERN } },
        },
        response: { 201: ACCEPTED },
      },
      errors: [409, 413, 415, 422, 429],
      handler: async (ctx, req, reply) => {
        const { dagId, ...task } = req.body as TaskSubmit & { dagId?: string };
        if (task.parents.length > 0) {
          throw new ProblemError(
            422,
            'invalid-field',
            'parents: a single task cannot have parents; submit a DAG',
            [{ field: 'parents', message: 'must be empty' }],
          );
        }
        const receivedAtMs = ctx.clock.preciseMs() - reply.elapsedTime;
        const res = await submitDag(
          ctx,
          { id: dagId ?? task.id, tasks: [task] },
          callerName(req),
          receivedAtMs,
        );
        return reply.code(201).send({ ...res, taskId: task.id });
      },
    },
    {
      method: 'GET',
      url: '/v1/tasks',
      access: 'viewer',
      tag: 'tasks',
      summary: 'List tasks in submission order, filtered by DAG, state and agent',
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY,
            dagId: { type: 'string', pattern: ID_PATTERN },
            agentId: { type: 'string', pattern: ID_PATTERN },
            state: { type: 'string', enum: TASK_STATES },
          },
        },
        response: { 200: ANY_OBJECT },
      },
      handler: async (ctx, req) => listTasks(ctx, req.query as TaskQuery),
    },
    {
      method: 'GET',
      url: '/v1/tasks/:taskId',
      access: 'viewer',
      tag: 'tasks',
      summary: 'One task with its transition story and attempt history',
      schema: { params: ID_PARAM('taskId'), response: { 200: ANY_OBJECT } },
      errors: [404],
      handler: async (ctx, req) => {
        const { taskId } = req.params as { taskId: string };
        const t = ctx.state.taskIndex.get(taskId);
        if (t === undefined) throw notFound('taskId', taskId);
        const history = await ctx.stores.tasks.history(taskId);
        return { ...taskView(ctx, t), story: story(ctx.state, taskId), history };
      },
    },
    {
      method: 'POST',
      url: '/v1/tasks/:taskId/cancel',
      access: 'operator',
      tag: 'tasks',
      summary: 'Cancel a task (and its waiting descendants)',
      schema: { params: ID_PARAM('taskId'), response: { 202: ACCEPTED } },
      errors: [404, 409],
      handler: async (ctx, req, reply) => {
        const { taskId } = req.params as { taskId: string };
        const t = ctx.state.taskIndex.get(taskId);
        if (t === undefined) throw notFound('taskId', taskId);
        if (isTerminal(ctx.state.taskState[t]!)) {
          throw new ProblemError(
            409,
            'already-settled',
            `taskId: task is already ${TASK_STATE_NAMES[ctx.state.taskState[t]!]}`,
            [{ field: 'taskId', message: 'already settled' }],
          );
        }
        await ctx.driver.submitAndWait({ kind: 'CancelRequested', taskId });
        return reply.code(202).send({ status: TASK_STATE_NAMES[ctx.state.taskState[t]!] });
      },
    },
  ];
}

/** Alive agents (used by readiness). */
export function aliveAgents(ctx: ServerContext): number {
  let n = 0;
  for (const st of ctx.state.agentStatus) if (st === AgentStatus.Alive) n++;
  return n;
}
