/**
 * Busy intervals of every node, kept sorted, for insertion-based list scheduling: a task may be placed
 * in an idle gap between two already scheduled tasks if it fits (Topcuoglu et al. 2002, §4.1).
 */

export class NodeTimelines {
  private readonly starts: number[][];
  private readonly ends: number[][];

  constructor(nodeCount: number) {
    this.starts = Array.from({ length: nodeCount }, () => []);
    this.ends = Array.from({ length: nodeCount }, () => []);
  }

  /**
   * Earliest time ≥ `ready` at which node `p` is idle for `duration`: the first gap that fits, or the end of
   * the last busy interval. Zero-length tasks go into a gap, never inside a busy interval.
   */
  earliestStart(p: number, ready: number, duration: number): number {
    const starts = this.starts[p]!;
    const ends = this.ends[p]!;
    let candidate = ready;
    for (let i = firstEndAfter(ends, ready); i < starts.length; i++) {
      if (candidate + duration <= starts[i]!) return candidate;
      if (ends[i]! > candidate) candidate = ends[i]!;
    }
    return candidate;
  }

  /** Time at which node p finishes its last busy interval (non-insertion availability). */
  availableAt(p: number): number {
    const ends = this.ends[p]!;
    return ends.length > 0 ? ends[ends.length - 1]! : 0;
  }

  /** Records [start, end) on node p. The caller got `start` from `earliestStart`, so it does not overlap. */
  insert(p: number, start: number, end: number): void {
    const starts = this.starts[p]!;
    const ends = this.ends[p]!;
    const at = firstEndAfter(ends, start);
    if (at === ends.length) {
      starts.push(start);
      ends.push(end);
    } else {
      starts.splice(at, 0, start);
      ends.splice(at, 0, end);
    }
  }
}

/** Index of the first interval whose end is strictly after `time` (ends are non-decreasing). */
function firstEndAfter(ends: number[], time: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
