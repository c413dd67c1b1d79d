/** Preemption settings (see preemption.ts); kept apart so the engine state can import them without a cycle. */
export interface PreemptionConfig {
  enabled: boolean;
  /** Tasks with at least this priority are urgent and may preempt. */
  urgentPriority: number;
  /** Preemptions per scheduling pass at most. */
  perPassMax: number;
}

export const DEFAULT_PREEMPTION: PreemptionConfig = { enabled: false, urgentPriority: 10, perPassMax: 4 };
