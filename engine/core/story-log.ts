/**
 * Transition history behind `story(taskId)`: struct-of-typed-arrays that grow by doubling, so recording a
 * transition allocates nothing (the old design pushed to eight JS arrays, which the garbage collector
 * copied again at every scavenge). Free text (stimulus ids, notes) is interned: entry i stores an index
 * into `strings`, 0 being the empty string, which is by far the most common value.
 */
import { grownTo } from './typed-arrays.js';

export class StoryLog {
  /** Entries recorded so far. */
  length = 0;
  /** Per entry: the same task's previous entry, or -1 (links a task's entries newest to oldest). */
  declare prev: Int32Array;
  declare atMs: Float64Array;
  declare stimulusSeq: Float64Array;
  /** from * 16 + to (from 15 = new). */
  declare fromTo: Uint8Array;
  declare agent: Int32Array;
  declare attempt: Int32Array;
  declare private stimulusIdRef: Int32Array;
  declare private noteRef: Int32Array;
  private readonly strings: string[] = [''];
  private readonly stringIndex = new Map<string, number>([['', 0]]);

  constructor(capacity = 1024) {
    this.prev = new Int32Array(capacity);
    this.atMs = new Float64Array(capacity);
    this.stimulusSeq = new Float64Array(capacity);
    this.fromTo = new Uint8Array(capacity);
    this.agent = new Int32Array(capacity);
    this.attempt = new Int32Array(capacity);
    this.stimulusIdRef = new Int32Array(capacity);
    this.noteRef = new Int32Array(capacity);
  }

  /** Appends an entry and returns its index. */
  push(
    prev: number,
    atMs: number,
    stimulusSeq: number,
    stimulusId: string,
    fromTo: number,
    agent: number,
    attempt: number,
    note: string,
  ): number {
    const i = this.length;
    if (i === this.prev.length) this.grow();
    this.prev[i] = prev;
    this.atMs[i] = atMs;
    this.stimulusSeq[i] = stimulusSeq;
    this.fromTo[i] = fromTo;
    this.agent[i] = agent;
    this.attempt[i] = attempt;
    this.stimulusIdRef[i] = stimulusId === '' ? 0 : this.intern(stimulusId);
    this.noteRef[i] = note === '' ? 0 : this.intern(note);
    this.length = i + 1;
    return i;
  }

  stimulusId(i: number): string {
    return this.strings[this.stimulusIdRef[i]!]!;
  }

  note(i: number): string {
    return this.strings[this.noteRef[i]!]!;
  }

  private intern(text: string): number {
    let k = this.stringIndex.get(text);
    if (k === undefined) {
      k = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, k);
    }
    return k;
  }

  private grow(): void {
    const n = this.prev.length * 2;
    this.prev = grownTo(this.prev, n);
    this.atMs = grownTo(this.atMs, n);
    this.stimulusSeq = grownTo(this.stimulusSeq, n);
    this.fromTo = grownTo(this.fromTo, n);
    this.agent = grownTo(this.agent, n);
    this.attempt = grownTo(this.attempt, n);
    this.stimulusIdRef = grownTo(this.stimulusIdRef, n);
    this.noteRef = grownTo(this.noteRef, n);
  }
}
