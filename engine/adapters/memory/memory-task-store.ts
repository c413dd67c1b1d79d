/** In-memory TaskStore: per-task attempt and outcome lists. */
import type { TaskId } from '../../model/types.js';
import type {
  AttemptRecord,
  TaskHistory,
  TaskOutcome,
  TaskStore,
  TaskSummary,
} from '../../ports/task-store.js';

const SETTLED = new Set(['completed', 'gave-up', 'cancelled']);

export class MemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<TaskId, TaskHistory>();

  private entry(taskId: TaskId): TaskHistory {
    let h = this.tasks.get(taskId);
    if (!h) {
      h = { attempts: [], outcomes: [] };
      this.tasks.set(taskId, h);
    }
    return h;
  }

  /** Appends attempts in order. */
  async recordAttempts(records: readonly AttemptRecord[]): Promise<void> {
    for (const r of records) this.entry(r.taskId).attempts.push(r);
  }

  /** Appends outcomes in order. */
  async recordOutcomes(outcomes: readonly TaskOutcome[]): Promise<void> {
    for (const o of outcomes) this.entry(o.taskId).outcomes.push(o);
  }

  /** Attempts and outcomes of one task (copies). */
  async history(taskId: TaskId): Promise<TaskHistory> {
    const h = this.tasks.get(taskId);
    return h ? { attempts: [...h.attempts], outcomes: [...h.outcomes] } : { attempts: [], outcomes: [] };
  }

  /** Latest attempt of each task that has not settled. */
  async inFlight(): Promise<AttemptRecord[]> {
    const out: AttemptRecord[] = [];
    for (const h of this.tasks.values()) {
      const last = h.attempts[h.attempts.length - 1];
      if (last && !h.outcomes.some((o) => SETTLED.has(o.kind))) out.push(last);
    }
    return out;
  }

  /** Recovery summaries of the listed tasks that have attempts. */
  async summaries(taskIds: readonly TaskId[]): Promise<TaskSummary[]> {
    const out: TaskSummary[] = [];
    for (const id of taskIds) {
      const h = this.tasks.get(id);
      const last = h?.attempts[h.attempts.length - 1];
      if (!h || !last) continue;
      let attemptsMax = 0;
      for (const a of h.attempts) attemptsMax = Math.max(attemptsMax, a.attempt);
      let lastAttemptOutcome: TaskSummary['lastAttemptOutcome'];
      for (const o of h.outcomes) {
        if (o.agentId === last.agentId && o.attempt === last.attempt) lastAttemptOutcome = o.kind;
      }
      const settled = h.outcomes.find((o) => SETTLED.has(o.kind));
      out.push({ taskId: id, lastAttempt: last, attemptsMax, lastAttemptOutcome, settled });
    }
    return out;
  }
}
