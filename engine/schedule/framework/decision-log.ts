/**
 * Bounded log of recent placement decisions, each able to explain itself. Records are packed into
 * preallocated typed arrays (no allocation per decision); `find` builds the readable record on demand.
 */

export interface CandidateExplanation {
  agentId: string;
  /** Weighted total, 0–100. */
  total: number;
  /** Normalised score per plugin, 0–100. */
  scores: Record<string, number>;
}

export interface DecisionRecord {
  taskId: string;
  atMs: number;
  status: string;
  reason: string;
  chosenAgentId: string | null;
  candidates: number;
  weights: Record<string, number>;
  top: CandidateExplanation[];
}

/** Ring buffer of the last `capacity` decisions, with `top` candidates × `plugins.length` scores each. */
export class DecisionLog {
  private next = 0;
  private count = 0;
  private readonly task: Int32Array;
  private readonly atMs: Float64Array;
  private readonly chosen: Int32Array;
  private readonly candidates: Int32Array;
  private readonly reasons: string[];
  private readonly topAgent: Int32Array;
  private readonly topTotal: Float64Array;
  private readonly topScores: Float64Array;

  constructor(
    readonly capacity: number,
    readonly top: number,
    readonly plugins: readonly string[],
    readonly weights: Readonly<Record<string, number>>,
  ) {
    this.task = new Int32Array(capacity);
    this.atMs = new Float64Array(capacity);
    this.chosen = new Int32Array(capacity);
    this.candidates = new Int32Array(capacity);
    this.reasons = new Array(capacity).fill('');
    this.topAgent = new Int32Array(capacity * top).fill(-1);
    this.topTotal = new Float64Array(capacity * top);
    this.topScores = new Float64Array(capacity * top * plugins.length);
  }

  /** Starts a record and returns its slot; fill the top candidates with `setTop`. */
  begin(task: number, atMs: number, chosen: number, candidates: number, reason: string): number {
    const slot = this.next;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.task[slot] = task;
    this.atMs[slot] = atMs;
    this.chosen[slot] = chosen;
    this.candidates[slot] = candidates;
    this.reasons[slot] = reason;
    this.topAgent.fill(-1, slot * this.top, (slot + 1) * this.top);
    return slot;
  }

  setTop(slot: number, rank: number, agent: number, total: number, score: (plugin: number) => number): void {
    const i = slot * this.top + rank;
    this.topAgent[i] = agent;
    this.topTotal[i] = total;
    for (let p = 0; p < this.plugins.length; p++) this.topScores[i * this.plugins.length + p] = score(p);
  }

  /** The latest decision for task index `task`, as a readable record (ids resolved by the callbacks). */
  find(
    task: number,
    taskId: (t: number) => string,
    agentId: (a: number) => string,
  ): DecisionRecord | undefined {
    for (let k = 1; k <= this.count; k++) {
      const slot = (this.next - k + this.capacity) % this.capacity;
      if (this.task[slot] !== task) continue;
      const top: CandidateExplanation[] = [];
      for (let r = 0; r < this.top; r++) {
        const i = slot * this.top + r;
        if (this.topAgent[i]! < 0) break;
        const scores: Record<string, number> = {};
        this.plugins.forEach((name, p) => {
          scores[name] = round(this.topScores[i * this.plugins.length + p]!);
        });
        top.push({ agentId: agentId(this.topAgent[i]!), total: round(this.topTotal[i]!), scores });
      }
      const chosen = this.chosen[slot]!;
      return {
        taskId: taskId(task),
        atMs: this.atMs[slot]!,
        status: chosen >= 0 ? 'success' : 'unschedulable',
        reason: this.reasons[slot]!,
        chosenAgentId: chosen >= 0 ? agentId(chosen) : null,
        candidates: this.candidates[slot]!,
        weights: { ...this.weights },
        top,
      };
    }
    return undefined;
  }

  /** Number of decisions held. */
  get size(): number {
    return this.count;
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
