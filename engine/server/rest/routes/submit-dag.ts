/**
 * Submission path shared by POST /v1/dags and POST /v1/tasks: capacity check (429), durable store write,
 * then the core decides (DagSubmitted); the client hears back only after both.
 */
import { TaskState } from '../../../core/transitions.js';
import type { DagSpec, TaskSpec } from '../../../model/types.js';
import { DuplicateSubmissionError } from '../../../ports/submission-store.js';
import type { ServerContext } from '../../server-context.js';
import { ProblemError } from '../problem.js';

export interface TaskSubmit extends TaskSpec {
  command?: string;
}

export interface DagSubmit {
  id: string;
  tasks: TaskSubmit[];
  labels?: Record<string, string>;
}

/** Tasks the engine still has to settle. */
export function pendingTasks(ctx: ServerContext): number {
  const c = ctx.state.stateCounts;
  return ctx.state.taskSpec.length - c[TaskState.Done]! - c[TaskState.Failed]! - c[TaskState.Cancelled]!;
}

function checkCapacity(ctx: ServerContext, taskCount: number): void {
  const lim = ctx.config.limits;
  if (ctx.driver.queueLength > lim.stimulusQueueMax) {
    throw new ProblemError(
      429,
      'over-capacity',
      `engine busy: ${ctx.driver.queueLength} stimuli queued (limits.stimulusQueueMax = ${lim.stimulusQueueMax})`,
      undefined,
      { 'retry-after': '1' },
    );
  }
  const pending = pendingTasks(ctx);
  if (pending + taskCount > lim.pendingTasksMax) {
    throw new ProblemError(
      429,
      'over-capacity',
      `engine holds ${pending} unsettled tasks; ${taskCount} more would pass limits.pendingTasksMax = ${lim.pendingTasksMax}`,
      undefined,
      { 'retry-after': '5' },
    );
  }
}

/**
 * Stores, then submits; resolves with the 201 body or throws a ProblemError (409, 422, 429).
 * `receivedAtMs` (engine clock, fractional) is when the request arrived: agents measure the latency of
 * a root task's first assignment from there (see AgentGateway.noteAccepted).
 */
export async function submitDag(
  ctx: ServerContext,
  body: DagSubmit,
  who: string,
  receivedAtMs = ctx.clock.preciseMs(),
): Promise<{ status: string; dagId: string; tasks: number }> {
  if (!ctx.ready) throw new ProblemError(503, 'not-ready', 'engine is not ready (starting or shutting down)');
  checkCapacity(ctx, body.tasks.length);
  const commands: Record<string, string> = {};
  const tasks: TaskSpec[] = body.tasks.map(({ command, ...t }) => {
    if (command !== undefined) commands[t.id] = command;
    return t;
  });
  const dag: DagSpec = { id: body.id, tasks, labels: body.labels };
  try {
    await ctx.stores.submissions.put({
      dag,
      status: 'accepted',
      submittedAtMs: ctx.clock.nowMs(),
      submittedBy: who,
      commands,
    });
  } catch (err) {
    if (err instanceof DuplicateSubmissionError) {
      throw new ProblemError(409, 'duplicate', `id: dag "${body.id.slice(0, 200)}" was already submitted`, [
        { field: 'id', message: 'already submitted' },
      ]);
    }
    throw err;
  }
  for (const [taskId, cmd] of Object.entries(commands)) ctx.commands.set(taskId, cmd);
  ctx.gateway.noteAccepted(dag.id, receivedAtMs);
  const cmds = await ctx.driver.submitAndWait({ kind: 'DagSubmitted', dag });
  const rejected = cmds.find((c) => c.kind === 'DagRejected');
  if (rejected && rejected.kind === 'DagRejected') {
    for (const taskId of Object.keys(commands)) ctx.commands.delete(taskId);
    throw new ProblemError(422, 'dag-rejected', `tasks: ${rejected.reason}`, [
      { field: 'tasks', message: rejected.reason },
    ]);
  }
  return { status: 'accepted', dagId: dag.id, tasks: tasks.length };
}
