/**
 * Capability classes. Agents are grouped by capability set and ready tasks by required-capability set,
 * so the scheduling pass can tell in O(classes) whether any free agent could take a queue's head.
 */
import { ReadyHeap } from './ready-heap.js';
import { SpeedHeap } from './speed-heap.js';
import type { EngineState } from './state.js';

function keyOf(names: readonly string[] | undefined): string {
  if (!names || names.length === 0) return '';
  return [...names].sort().join(',');
}

function covers(caps: ReadonlySet<string>, requires: readonly string[]): boolean {
  for (const r of requires) if (!caps.has(r)) return false;
  return true;
}

/** Index of the requirement class for `requires`, created on first use. */
export function reqClassOf(s: EngineState, requires: readonly string[] | undefined): number {
  const key = keyOf(requires);
  const found = s.reqClassIndex.get(key);
  if (found !== undefined) return found;
  const req = key === '' ? [] : key.split(',');
  const compatible: number[] = [];
  s.agentClasses.forEach((ac, i) => {
    if (covers(ac.capabilities, req)) compatible.push(i);
  });
  const idx = s.reqClasses.length;
  s.reqClasses.push({ key, requires: req, queue: new ReadyHeap(), compatible });
  s.reqClassIndex.set(key, idx);
  return idx;
}

/** Index of the agent class for `capabilities`, created on first use (and linked to every req class). */
export function agentClassOf(s: EngineState, capabilities: readonly string[]): number {
  const key = keyOf(capabilities);
  const found = s.agentClassIndex.get(key);
  if (found !== undefined) return found;
  const caps = new Set(capabilities);
  const idx = s.agentClasses.length;
  s.agentClasses.push({ key, capabilities: caps, free: [], freeSlots: 0, alive: 0, byCluster: [] });
  s.agentClassIndex.set(key, idx);
  for (const rc of s.reqClasses) if (covers(caps, rc.requires)) rc.compatible.push(idx);
  return idx;
}

/** Adds agent `a` to its class's free list (if absent and it has free slots). */
export function markFree(s: EngineState, a: number): void {
  if (s.agentFreePos[a]! >= 0) return;
  const cls = s.agentClasses[s.agentClass[a]!]!;
  s.agentFreePos[a] = cls.free.length;
  cls.free.push(a);
  const c = s.agentClusterId[a]!;
  while (cls.byCluster.length <= c) cls.byCluster.push(new SpeedHeap(s.agentEffSpeed, s.agentHeapPos));
  cls.byCluster[c]!.insert(a);
}

/** Removes agent `a` from its class's free list (swap-remove, O(1)). */
export function markFull(s: EngineState, a: number): void {
  const pos = s.agentFreePos[a]!;
  if (pos < 0) return;
  const cls = s.agentClasses[s.agentClass[a]!]!;
  const last = cls.free.pop()!;
  if (last !== a) {
    cls.free[pos] = last;
    s.agentFreePos[last] = pos;
  }
  s.agentFreePos[a] = -1;
  cls.byCluster[s.agentClusterId[a]!]!.remove(a);
}

/** Changes agent `a`'s free slot count by `delta`, keeping class totals and free lists in step. */
export function adjustFreeSlots(s: EngineState, a: number, delta: number): void {
  const cls = s.agentClasses[s.agentClass[a]!]!;
  cls.freeSlots += delta;
  s.totalFreeSlots += delta;
}

/** Records agent `a`'s new observed performance ratio and reorders its speed heap. */
export function setAgentPerf(s: EngineState, a: number, perf: number): void {
  s.agentPerf[a] = perf;
  s.agentEffSpeed[a] = s.agentSpec[a]!.speed / perf;
  if (s.agentFreePos[a]! >= 0) s.agentClasses[s.agentClass[a]!]!.byCluster[s.agentClusterId[a]!]!.update(a);
}

/** Puts ready task `t` in its requirement class's queue. */
export function enqueueReady(s: EngineState, t: number): void {
  s.reqClasses[s.taskReqClass[t]!]!.queue.push(t, s.taskSpec[t]!.priority, s.taskRank[t]!, s.taskSeq[t]!);
}
