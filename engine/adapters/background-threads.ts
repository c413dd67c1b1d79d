/**
 * Runs a process's helper threads below its main thread's CPU priority (Linux `nice`).
 *
 * A batch command (`agentsched run`, `sweep` …) is one busy main thread plus V8's helper threads: the
 * optimising compiler's jobs and the garbage collector's parallel and concurrent tasks (Node starts four
 * such threads, plus libuv's pool for file I/O). On a 2-core machine a cold run of the standard scenario
 * keeps those four threads busy for ~300 ms of CPU while the simulation itself needs ~260 ms, and the
 * kernel shares the two cores evenly among all runnable threads: the main thread spent 60–85 ms of a
 * ~300 ms simulation waiting in the run queue (`/proc/<pid>/task/<pid>/schedstat`) behind compiler jobs.
 * With the helpers at nice 19 it waits 1–11 ms; the compiler still gets the second core. Browsers do the
 * same with their background compile threads; Node's platform does not.
 *
 * Only threads that exist when this runs are changed (Node creates V8's threads at start-up); threads
 * created later by the main thread, such as worker threads, inherit the main thread's priority. A lower
 * priority cannot be raised back without privileges, so long-lived servers, whose compiler work is paid
 * once, do not call this. A no-op outside Linux or off the main thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** The nice value helper threads get by default: the lowest priority. */
export const DEFAULT_BACKGROUND_NICE = 19;

export interface BackgroundThreadsResult {
  /** Threads other than the main thread. */
  threads: number;
  /** Of those, how many now run at the requested nice value. */
  lowered: number;
  /** Why nothing was done, when nothing was. */
  skipped?: string;
}

/**
 * Sets every thread of this process except the main one to `nice` (0–19; 0 leaves them as they are).
 * Never throws: a thread that ended meanwhile or a kernel that refuses is counted as not lowered.
 */
export function lowerBackgroundThreads(nice: number = DEFAULT_BACKGROUND_NICE): BackgroundThreadsResult {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new RangeError(`nice must be an integer from 0 to 19, got ${nice}`);
  }
  if (nice === 0) return { threads: 0, lowered: 0, skipped: 'nice 0 asked for' };
  if (process.platform !== 'linux')
    return { threads: 0, lowered: 0, skipped: `not Linux (${process.platform})` };
  if (!isMainThread) return { threads: 0, lowered: 0, skipped: 'not the main thread' };
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    return { threads: 0, lowered: 0, skipped: '/proc/self/task is not readable' };
  }
  let threads = 0;
  let lowered = 0;
  for (const tid of tids) {
    if (tid === process.pid || !Number.isInteger(tid)) continue;
    threads++;
    try {
      // setpriority(PRIO_PROCESS, tid): on Linux a thread id names that one thread.
      setPriority(tid, nice);
      lowered++;
    } catch {
      // The thread exited between the listing and the call, or the kernel refused: leave it.
    }
  }
  return { threads, lowered };
}

/** The nice value of thread `tid` of this process (Linux), read from /proc; undefined when unreadable. */
export function threadNice(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; nice is field 19.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(rest[16]);
    return Number.isInteger(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The nice value asked for by `AGENTSCHED_BACKGROUND_NICE` (unset: the default), or an error message
 * naming the variable and what it expects.
 */
export function backgroundNiceFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { nice: number } | { error: string } {
  const raw = env.AGENTSCHED_BACKGROUND_NICE;
  if (raw === undefined || raw.trim() === '') return { nice: DEFAULT_BACKGROUND_NICE };
  const v = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || v > 19) {
    return {
      error: `AGENTSCHED_BACKGROUND_NICE must be an integer from 0 (leave helper threads alone) to 19, got "${raw}"`,
    };
  }
  return { nice: v };
}
