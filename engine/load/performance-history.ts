/**
 * Historical performance per agent and task type: an EWMA of actual / expected runtime (1 = as
 * predicted, > 1 slower). Also kept per agent across types as a fallback for types it has not run yet.
 */

export class PerformanceHistory {
  private readonly byType = new Map<string, number>();
  private readonly byAgent = new Map<string, number>();

  /** `alpha` in (0, 1]: weight of the newest observation. */
  constructor(readonly alpha = 0.2) {
    if (!(alpha > 0 && alpha <= 1))
      throw new Error(`PerformanceHistory: alpha must be in (0, 1], got ${alpha}`);
  }

  /** Records one finished task; ignored if `expectedMs` is not positive or `actualMs` is negative. */
  record(agentId: string, taskType: string, actualMs: number, expectedMs: number): void {
    if (!(expectedMs > 0) || !(actualMs >= 0)) return;
    const ratio = actualMs / expectedMs;
    this.blend(this.byType, `${agentId}\u0000${taskType}`, ratio);
    this.blend(this.byAgent, agentId, ratio);
  }

  /** EWMA ratio for (agent, type), else the agent's overall ratio, else 1. */
  ratio(agentId: string, taskType: string): number {
    return this.byType.get(`${agentId}\u0000${taskType}`) ?? this.byAgent.get(agentId) ?? 1;
  }

  private blend(map: Map<string, number>, key: string, ratio: number): void {
    const prev = map.get(key);
    map.set(key, prev === undefined ? ratio : prev + this.alpha * (ratio - prev));
  }
}
