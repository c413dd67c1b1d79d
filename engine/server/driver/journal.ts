/**
 * Optional record of every stimulus the live driver fed the core, with the time it used and the commands
 * that came out. Replaying it through a fresh core with the same seed must give the same commands: the
 * proof that live decisions come from the same `handleStimulus` as the simulator's.
 */
import { writeFileSync } from 'node:fs';
import type { Command, Stimulus } from '../../core/stimuli.js';

export interface JournalEntry {
  nowMs: number;
  stimulus: Stimulus;
  commands: Command[];
}

export class Journal {
  readonly entries: JournalEntry[] = [];

  /** Records one step (the stimulus is copied, so later mutation by the caller cannot change it). */
  record(nowMs: number, stimulus: Stimulus, commands: Command[]): void {
    this.entries.push({ nowMs, stimulus: structuredClone(stimulus), commands: structuredClone(commands) });
  }

  /** Writes the journal as NDJSON, preceded by a header line with the seed and engine config. */
  writeTo(path: string, header: Record<string, unknown>): void {
    const lines = [JSON.stringify({ journal: 1, ...header })];
    for (const e of this.entries) lines.push(JSON.stringify(e));
    writeFileSync(path, `${lines.join('\n')}\n`);
  }
}
