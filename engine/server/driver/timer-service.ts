/** Real timers for the core's `ArmTimer` commands: each fires once and comes back as a `TimerFired` stimulus. */
import type { Stimulus, TimerKind } from '../../core/stimuli.js';
import type { Clock } from '../clock.js';

export class TimerService {
  private readonly handles = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly deliver: (s: Stimulus) => void,
  ) {}

  /** Delivers `TimerFired{timer, key}` at engine time `atMs` (at once if that has passed). */
  arm(atMs: number, timer: TimerKind, key: string): void {
    if (this.stopped) return;
    const delayMs = Math.max(0, atMs - this.clock.nowMs());
    const h = setTimeout(() => {
      this.handles.delete(h);
      this.deliver({ kind: 'TimerFired', timer, key });
    }, delayMs);
    this.handles.add(h);
  }

  /** Cancels every pending timer (shutdown). */
  stop(): void {
    this.stopped = true;
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }

  get pending(): number {
    return this.handles.size;
  }
}
