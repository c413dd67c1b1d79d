/**
 * Task lifecycle. Allowed transitions live in one table keyed `from->to`; any other pair is a bug and
 * throws with the task's story.
 */

export const TaskState = {
  Waiting: 0,
  Ready: 1,
  Assigned: 2,
  Running: 3,
  Done: 4,
  Failed: 5,
  Cancelled: 6,
} as const;
export type TaskStateCode = (typeof TaskState)[keyof typeof TaskState];
export const TASK_STATE_NAMES = [
  'waiting',
  'ready',
  'assigned',
  'running',
  'done',
  'failed',
  'cancelled',
] as const;
export const TASK_STATE_COUNT = TASK_STATE_NAMES.length;

const ALLOWED: ReadonlyArray<`${(typeof TASK_STATE_NAMES)[number]}->${(typeof TASK_STATE_NAMES)[number]}`> = [
  'waiting->ready',
  'waiting->failed',
  'waiting->cancelled',
  'ready->assigned',
  'ready->failed',
  'ready->cancelled',
  'assigned->running',
  'assigned->done',
  'assigned->ready',
  'assigned->failed',
  'assigned->cancelled',
  'running->done',
  'running->ready',
  'running->failed',
  'running->cancelled',
];

const table = new Uint8Array(TASK_STATE_COUNT * TASK_STATE_COUNT);
for (const pair of ALLOWED) {
  const [from, to] = pair.split('->') as [string, string];
  table[TASK_STATE_NAMES.indexOf(from as never) * TASK_STATE_COUNT + TASK_STATE_NAMES.indexOf(to as never)] =
    1;
}

export function isAllowed(from: number, to: number): boolean {
  return table[from * TASK_STATE_COUNT + to] === 1;
}

export function isTerminal(state: number): boolean {
  return state === TaskState.Done || state === TaskState.Failed || state === TaskState.Cancelled;
}
