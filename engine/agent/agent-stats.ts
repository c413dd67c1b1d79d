/** Counters and latency samples shared by the logical agents of one process (printed as JSON at exit). */
import { percentile } from './percentile.js';

const SAMPLES_MAX = 2_000_000;

export class AgentStats {
  assignmentsReceived = 0;
  finished = 0;
  failed = 0;
  cancelled = 0;
  refusedWhileDraining = 0;
  registrations = 0;
  reconnects = 0;
  heartbeats = 0;
  /** Reports queued again for re-sending after a lost stream. */
  reportsResent = 0;
  /** ms from the core's decision to the agent receiving it. */
  private readonly decisionToReceive = new Float64Array(SAMPLES_MAX);
  /** ms from the task becoming ready to the agent receiving it. */
  private readonly readyToReceive = new Float64Array(SAMPLES_MAX);
  private n = 0;
  firstReceiveMs = 0;
  lastReceiveMs = 0;
  /** When each sample was taken (kept with `keepSamples`, so a benchmark can pick a time window). */
  private readonly receivedAt: Float64Array | undefined;

  constructor(keepSamples = false) {
    this.receivedAt = keepSamples ? new Float64Array(SAMPLES_MAX) : undefined;
  }

  /** Records one received assignment's latencies. */
  sample(decisionMs: number, readyMs: number, nowMs: number): void {
    if (this.firstReceiveMs === 0) this.firstReceiveMs = nowMs;
    this.lastReceiveMs = nowMs;
    if (this.n >= SAMPLES_MAX) return;
    this.decisionToReceive[this.n] = decisionMs;
    this.readyToReceive[this.n] = readyMs;
    if (this.receivedAt) this.receivedAt[this.n] = nowMs;
    this.n++;
  }

  /** Every sample as [received at, decision → receipt, ready → receipt] (ms), when samples are kept. */
  samples(): [number, number, number][] | undefined {
    const at = this.receivedAt;
    if (!at) return undefined;
    const out: [number, number, number][] = [];
    for (let i = 0; i < this.n; i++) out.push([at[i]!, this.decisionToReceive[i]!, this.readyToReceive[i]!]);
    return out;
  }

  /** JSON summary (with the raw samples when they are kept). */
  summary(): Record<string, unknown> {
    const d = this.decisionToReceive.slice(0, this.n).sort();
    const r = this.readyToReceive.slice(0, this.n).sort();
    const pct = (a: Float64Array) => ({
      p50: percentile(a, 0.5),
      p99: percentile(a, 0.99),
      max: a.length > 0 ? a[a.length - 1]! : 0,
    });
    return {
      assignmentsReceived: this.assignmentsReceived,
      finished: this.finished,
      failed: this.failed,
      cancelled: this.cancelled,
      refusedWhileDraining: this.refusedWhileDraining,
      registrations: this.registrations,
      reconnects: this.reconnects,
      heartbeats: this.heartbeats,
      reportsResent: this.reportsResent,
      firstReceiveMs: this.firstReceiveMs,
      lastReceiveMs: this.lastReceiveMs,
      latencyMs: { decisionToReceive: pct(d), readyToReceive: pct(r) },
      ...(this.receivedAt ? { samples: this.samples() } : {}),
    };
  }
}
