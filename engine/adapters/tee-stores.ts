/**
 * Side outputs of the durable stores: every recorded attempt is also a cached placement decision, every
 * settled attempt a point of task execution history, and every agent load sample also refreshes the live
 * load cache. The durable write comes first and decides success; a side output that fails is counted and
 * never fails the write (side outputs are caches and time series, not records).
 */
import type { AgentLoadCache, DecisionCache } from '../ports/live-state-cache.js';
import type {
  AgentLoadPoint,
  EnginePoint,
  MetricsSink,
  SystemPoint,
  TaskRunPoint,
} from '../ports/metrics-sink.js';
import type { AttemptRecord, TaskOutcome, TaskStore, TaskSummary } from '../ports/task-store.js';

/** Failures of side outputs, by target. */
export interface SideOutputStats {
  decisionCacheErrors: number;
  loadCacheErrors: number;
  metricsErrors: number;
}

const RUN_OUTCOMES = new Set(['completed', 'failed', 'gave-up', 'cancelled']);
const ASSIGNED_REMEMBERED_MAX = 200_000;

/** A TaskStore that also feeds the decision cache and task execution history. */
export class TeeTaskStore implements TaskStore {
  private readonly assignedAt = new Map<string, { atMs: number; dagId: string }>();

  constructor(
    private readonly base: TaskStore,
    private readonly decisions: DecisionCache | undefined,
    private readonly metrics: MetricsSink,
    readonly stats: SideOutputStats,
  ) {}

  /** Durable write, then decisions (not awaited by the caller's success). */
  async recordAttempts(records: readonly AttemptRecord[]): Promise<void> {
    await this.base.recordAttempts(records);
    await this.attemptsRecorded(records);
  }

  /** Durable write, then execution history points for settled attempts. */
  async recordOutcomes(outcomes: readonly TaskOutcome[]): Promise<void> {
    await this.base.recordOutcomes(outcomes);
    await this.outcomesRecorded(outcomes);
  }

  /** Both durable writes in one (when the base store offers it), then the side outputs of each. */
  async recordProgress(attempts: readonly AttemptRecord[], outcomes: readonly TaskOutcome[]): Promise<void> {
    if (this.base.recordProgress) await this.base.recordProgress(attempts, outcomes);
    else {
      if (attempts.length > 0) await this.base.recordAttempts(attempts);
      if (outcomes.length > 0) await this.base.recordOutcomes(outcomes);
    }
    await this.progressRecorded(attempts, outcomes);
  }

  /** The side outputs of attempts and outcomes written durably elsewhere (a combined turn write). */
  async progressRecorded(
    attempts: readonly AttemptRecord[],
    outcomes: readonly TaskOutcome[],
  ): Promise<void> {
    if (attempts.length > 0) await this.attemptsRecorded(attempts);
    if (outcomes.length > 0) await this.outcomesRecorded(outcomes);
  }

  private async attemptsRecorded(records: readonly AttemptRecord[]): Promise<void> {
    for (const r of records)
      this.assignedAt.set(`${r.taskId}#${r.attempt}`, { atMs: r.assignedAtMs, dagId: r.dagId });
    if (this.assignedAt.size > ASSIGNED_REMEMBERED_MAX) this.assignedAt.clear();
    if (!this.decisions || records.length === 0) return;
    const decisions = records.map((r) => ({
      taskId: r.taskId,
      dagId: r.dagId,
      agentId: r.agentId,
      attempt: r.attempt,
      atMs: r.assignedAtMs,
    }));
    await this.decisions.put(decisions).catch(() => {
      this.stats.decisionCacheErrors++;
    });
  }

  private async outcomesRecorded(outcomes: readonly TaskOutcome[]): Promise<void> {
    if (!this.metrics.writeTaskRuns) return;
    const points: TaskRunPoint[] = [];
    for (const o of outcomes) {
      if (!RUN_OUTCOMES.has(o.kind)) continue;
      const key = `${o.taskId}#${o.attempt}`;
      const assigned = this.assignedAt.get(key);
      this.assignedAt.delete(key);
      points.push({
        taskId: o.taskId,
        dagId: assigned?.dagId,
        agentId: o.agentId,
        attempt: o.attempt,
        outcome: o.kind,
        atMs: o.atMs,
        durationMs: assigned === undefined ? undefined : o.atMs - assigned.atMs,
      });
    }
    if (points.length > 0)
      await this.metrics.writeTaskRuns(points).catch(() => {
        this.stats.metricsErrors++;
      });
  }

  /** Passed through. */
  history(taskId: string) {
    return this.base.history(taskId);
  }

  /** Passed through. */
  inFlight(): Promise<AttemptRecord[]> {
    return this.base.inFlight();
  }

  /** Passed through. */
  summaries(taskIds: readonly string[]): Promise<TaskSummary[]> {
    return this.base.summaries(taskIds);
  }
}

/** A MetricsSink that also refreshes the live agent load cache. */
export class TeeMetricsSink implements MetricsSink {
  constructor(
    private readonly base: MetricsSink,
    private readonly loadCache: AgentLoadCache | undefined,
    readonly stats: SideOutputStats,
  ) {}

  /** Time series first, then the cache (latest sample per agent only). */
  async writeAgentLoad(points: readonly AgentLoadPoint[]): Promise<void> {
    await this.base.writeAgentLoad(points).catch(() => {
      this.stats.metricsErrors++;
    });
    if (!this.loadCache || points.length === 0) return;
    const latest = new Map<string, AgentLoadPoint>();
    for (const p of points) latest.set(p.agentId, p);
    await this.loadCache.put([...latest.values()]).catch(() => {
      this.stats.loadCacheErrors++;
    });
  }

  /** Passed through. */
  writeEngine(points: readonly EnginePoint[]): Promise<void> {
    return this.base.writeEngine(points);
  }

  /** Passed through when the base sink keeps task history. */
  async writeTaskRuns(points: readonly TaskRunPoint[]): Promise<void> {
    await this.base.writeTaskRuns?.(points);
  }

  /** Passed through when the base sink keeps process samples. */
  async writeSystem(points: readonly SystemPoint[]): Promise<void> {
    await this.base.writeSystem?.(points);
  }
}
