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
 * once, do not call this. A no-op outside Linux, off the main thread, or when no whole CPU is left
 * over for the helpers: on one CPU, or with other processes keeping the spare CPU busy, helpers at nice
 * 19 get ~1.5% of a CPU and the compiler never catches up (the run then takes twice as long).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
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
  /** The CPUs this process may use and the CPUs other processes used lately, when they were weighed. */
  cpus?: number;
  othersBusy?: number;
}

export interface LowerOptions {
  /**
   * Threads of this process that will keep a CPU busy (the main thread; a sweep's workers). Helper
   * threads are lowered only when at least one whole CPU is left over for them: on a single CPU, helpers
   * at nice 19 get ~1.5% of it and the compiler never catches up (a cold standard run took 824–969 ms
   * under `taskset -c 0` against 473–549 ms without lowering). Default 1.
   */
  busyThreads?: number;
  /** CPUs this process may use (default: `effectiveCpus()`). */
  cpus?: number;
  /**
   * CPUs other processes kept busy lately (default: measured since this module was loaded, see
   * `othersBusyCpus`). On a machine busy with other work, helpers at nice 19 starve: with one CPU-bound
   * process beside it on 2 CPUs, a cold standard run took 785–903 ms instead of 368–459 ms.
   */
  othersBusy?: number;
  /** Weigh `othersBusy` (default true); false lowers whenever the CPU count leaves a CPU over. */
  considerLoad?: boolean;
}

/** Lower only when at least this much CPU is left over for the helpers (1 minus measurement noise). */
const SPARE_CPUS_NEEDED = 0.7;

/**
 * Sets every thread of this process except the main one to `nice` (0–19; 0 leaves them as they are),
 * when a CPU is left over for them (see `LowerOptions.busyThreads`). Never throws for the system's sake:
 * a thread that ended meanwhile or a kernel that refuses is counted as not lowered.
 */
export function lowerBackgroundThreads(
  nice: number = DEFAULT_BACKGROUND_NICE,
  options: LowerOptions = {},
): BackgroundThreadsResult {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new RangeError(`nice must be an integer from 0 to 19, got ${nice}`);
  }
  if (nice === 0) return { threads: 0, lowered: 0, skipped: 'nice 0 asked for' };
  if (process.platform !== 'linux')
    return { threads: 0, lowered: 0, skipped: `not Linux (${process.platform})` };
  if (!isMainThread) return { threads: 0, lowered: 0, skipped: 'not the main thread' };
  const busy = options.busyThreads ?? 1;
  const cpus = options.cpus ?? effectiveCpus();
  const others =
    options.considerLoad === false ? 0 : (options.othersBusy ?? othersBusyCpus(loadedAt, sampleCpu()) ?? 0);
  if (cpus - busy - others < SPARE_CPUS_NEEDED) {
    return {
      threads: 0,
      lowered: 0,
      skipped: `no CPU left over for helper threads (${round2(cpus)} CPUs, ${busy} busy threads, ${round2(others)} CPUs used by other processes)`,
      cpus,
      othersBusy: round2(others),
    };
  }
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
  return { threads, lowered, cpus, othersBusy: round2(others) };
}

/** Jiffies (clock ticks) from /proc: the machine's total and idle time, and this process's own CPU time. */
export interface CpuSample {
  total: number;
  idle: number;
  own: number;
  cpus: number;
}

/** A reading of /proc/stat and /proc/self/stat (Linux), or undefined where they cannot be read. */
export function sampleCpu(): CpuSample | undefined {
  try {
    const stat = readFileSync('/proc/stat', 'utf8');
    const first = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/);
    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
    const v = first.slice(1, 9).map(Number);
    if (first[0] !== 'cpu' || v.length < 8 || v.some((x) => !Number.isFinite(x))) return undefined;
    const total = v.reduce((a, b) => a + b, 0);
    const idle = v[3]! + v[4]!;
    const cpus = (stat.match(/^cpu\d+ /gm) ?? []).length;
    const self = readFileSync('/proc/self/stat', 'utf8');
    const rest = self.slice(self.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15): every thread of this process.
    const own = Number(rest[11]) + Number(rest[12]);
    if (!Number.isFinite(own) || cpus === 0) return undefined;
    return { total, idle, own, cpus };
  } catch {
    return undefined;
  }
}

/**
 * Average CPUs that processes other than this one kept busy between two samples (steal time counts:
 * a host that takes the CPU away competes too), or undefined when the window is too short to tell
 * (under 4 clock ticks per CPU).
 */
export function othersBusyCpus(from: CpuSample | undefined, to: CpuSample | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const total = to.total - from.total;
  if (total < 4 * to.cpus) return undefined;
  const busy = total - (to.idle - from.idle) - (to.own - from.own);
  return Math.max(0, (busy / total) * to.cpus);
}

/** When this module was loaded (early in the process): the start of the window `othersBusyCpus` reads. */
const loadedAt = sampleCpu();

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * CPUs this process may use: the CPUs it may run on (`availableParallelism`, which follows the affinity
 * mask) or its cgroup's CPU quota (containers, Kubernetes limits), whichever is smaller; may be fractional.
 */
export function effectiveCpus(): number {
  return Math.min(availableParallelism(), cgroupCpuLimit(readCgroupFiles()));
}

/** The contents of the cgroup files that can hold this process's CPU quota (v2 and v1), by kind. */
function readCgroupFiles(): CgroupCpuFiles {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const files: CgroupCpuFiles = { cpuMax: [], cfs: [] };
  const own = read('/proc/self/cgroup') ?? '';
  for (const line of own.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (path === undefined || controllers === undefined) continue;
    if (controllers === '') {
      const f = read(`/sys/fs/cgroup${path === '/' ? '' : path}/cpu.max`);
      if (f !== undefined) files.cpuMax.push(f);
    } else if (controllers.split(',').includes('cpu')) {
      for (const dir of ['cpu', 'cpu,cpuacct', 'cpuacct,cpu']) {
        const base = `/sys/fs/cgroup/${dir}${path === '/' ? '' : path}`;
        const quota = read(`${base}/cpu.cfs_quota_us`);
        const period = read(`${base}/cpu.cfs_period_us`);
        if (quota !== undefined && period !== undefined) files.cfs.push({ quota, period });
      }
    }
  }
  return files;
}

export interface CgroupCpuFiles {
  /** cgroup v2 `cpu.max` contents: "max 100000" or "<quota> <period>". */
  cpuMax: string[];
  /** cgroup v1 `cpu.cfs_quota_us` (-1: none) and `cpu.cfs_period_us` contents. */
  cfs: { quota: string; period: string }[];
}

/** The smallest CPU quota the files set (quota / period), or Infinity when none does. */
export function cgroupCpuLimit(files: CgroupCpuFiles): number {
  let limit = Number.POSITIVE_INFINITY;
  for (const text of files.cpuMax) {
    const [quota, period] = text.trim().split(/\s+/);
    const q = Number(quota);
    const p = Number(period);
    if (quota !== 'max' && q > 0 && p > 0) limit = Math.min(limit, q / p);
  }
  for (const { quota, period } of files.cfs) {
    const q = Number(quota.trim());
    const p = Number(period.trim());
    if (q > 0 && p > 0) limit = Math.min(limit, q / p);
  }
  return limit;
}

/** The nice value of thread `tid` of process `pid` (Linux), read from /proc; undefined when unreadable. */
export function threadNice(tid: number, pid: number | 'self' = 'self'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; nice is field 19.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(rest[16]);
    return Number.isInteger(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What `AGENTSCHED_BACKGROUND_NICE` asks for: unset, empty or `auto` — nice 19 when a CPU is left over,
 * judging the CPU count and how busy other processes keep the machine (`forced: false`); `0` — leave
 * the helper threads alone; `1`–`19` — that value whenever the CPU count leaves a CPU over, however busy
 * the machine is (`forced: true`). Or an error message naming the variable and what it expects.
 */
export function backgroundNiceFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): { nice: number; forced: boolean } | { error: string } {
  const raw = env.AGENTSCHED_BACKGROUND_NICE;
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'auto') return { nice: DEFAULT_BACKGROUND_NICE, forced: false };
  const v = Number(text);
  if (!/^\d+$/.test(text) || v > 19) {
    return {
      error: `AGENTSCHED_BACKGROUND_NICE must be "auto" or an integer from 0 (leave helper threads alone) to 19, got "${raw}"`,
    };
  }
  return { nice: v, forced: true };
}

/**
 * What the CLI does for a batch command: reads `AGENTSCHED_BACKGROUND_NICE`, lowers the helper threads
 * accordingly (`busyThreads` JavaScript threads will keep a CPU busy), and with `AGENTSCHED_DEBUG` set
 * prints the decision on stderr. Returns the variable's error message when its value is not understood.
 */
export function lowerBackgroundThreadsFromEnv(
  busyThreads: number,
  env: NodeJS.ProcessEnv = process.env,
): { error: string } | BackgroundThreadsResult {
  const asked = backgroundNiceFromEnv(env);
  if ('error' in asked) return asked;
  const result = lowerBackgroundThreads(asked.nice, { busyThreads, considerLoad: !asked.forced });
  if (env.AGENTSCHED_DEBUG) process.stderr.write(`background threads: ${JSON.stringify(result)}\n`);
  return result;
}
