/**
 * Gantt chart of a run: one row per agent, a bar per execution (transfer, then run), coloured by
 * outcome. Large runs are sampled: every agent that met a fault first, then evenly spaced agents, up to
 * `agentsMax` rows and `barsMax` bars.
 */
import type { SimTrace } from '../../sim/simulator.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

export interface GanttOptions {
  agentsMax?: number;
  barsMax?: number;
  makespanMs: number;
}

const OUTCOME = ['transfer', 'running', 'done', 'cancelled', 'lost'] as const;

interface Bar {
  agent: string;
  row: number;
  /** Slot lane within the agent's row, so parallel executions do not overlap. */
  lane: number;
  fromS: number;
  toS: number;
  phase: string;
  task: string;
  attempt: number;
}

/**
 * Picks up to `max` of the `busy` agents (ascending indices of agents that ran something): faulty ones
 * first (at most a quarter of the rows), then evenly spaced; returned in index order.
 */
export function sampleAgents(busy: number[], faulty: number[], max: number): number[] {
  if (busy.length <= max) return busy;
  const busySet = new Set(busy);
  const chosen = new Set(faulty.filter((a) => busySet.has(a)).slice(0, Math.floor(max / 4)));
  const rest = busy.filter((a) => !chosen.has(a));
  const step = rest.length / (max - chosen.size);
  for (let i = 0; chosen.size < max && Math.floor(i * step) < rest.length; i++)
    chosen.add(rest[Math.floor(i * step)]!);
  return [...chosen].sort((a, b) => a - b);
}

/** The Gantt chart spec of `trace`. */
export function ganttChart(trace: SimTrace, opts: GanttOptions): ChartDoc {
  const agentsMax = opts.agentsMax ?? 40;
  const barsMax = opts.barsMax ?? 4000;
  const faulty = [...new Set((trace.faults ?? []).map((f) => f.agent))];
  const busy = [...new Set(trace.exec.agent)].sort((a, b) => a - b);
  const rows = sampleAgents(busy, faulty, agentsMax);
  const bars = collectBars(trace, new Map(rows.map((a, i) => [a, i])), opts.makespanMs, barsMax);
  const sampled = rows.length < busy.length || bars.truncated;
  const note = sampled
    ? `Sampled: ${rows.length} of the ${busy.length} agents that ran work (of ${trace.agents.length}): agents hit by a fault first, then evenly spaced${bars.truncated ? `; first ${barsMax} bars` : ''}.`
    : undefined;
  return {
    name: 'gantt',
    title: 'Gantt chart',
    caption:
      'Executions per agent over simulated time: transfer of inputs, then running; red marks work lost to a fault.',
    note,
    marks: ['rect'],
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: rows.length * Math.max(12, bars.lanes * 3),
      data: { values: bars.list },
      // Thousands of bars: no per-bar ARIA labels (they would triple the SVG size).
      mark: { type: 'bar', aria: false },
      encoding: {
        y: {
          field: 'agent',
          type: 'ordinal',
          sort: { field: 'row' },
          title: 'agent',
          axis: { labelFontSize: 9 },
        },
        yOffset: { field: 'lane', type: 'ordinal', scale: { paddingInner: 0.2 } },
        x: { field: 'fromS', type: 'quantitative', title: 'simulated time (s)' },
        x2: { field: 'toS' },
        color: {
          field: 'phase',
          type: 'nominal',
          title: 'phase',
          scale: { domain: [...OUTCOME], range: ['#9ecae1', '#fdae6b', '#3182bd', '#bdbdbd', '#de2d26'] },
        },
        tooltip: [
          { field: 'task' },
          { field: 'attempt' },
          { field: 'phase' },
          { field: 'fromS' },
          { field: 'toS' },
        ],
      },
    },
  };
}

function collectBars(
  trace: SimTrace,
  rowOf: Map<number, number>,
  makespanMs: number,
  barsMax: number,
): { list: Bar[]; truncated: boolean; lanes: number } {
  const ex = trace.exec;
  const list: Bar[] = [];
  let truncated = false;
  const laneEnds = new Map<number, number[]>();
  let lanes = 1;
  for (let e = 0; e < ex.task.length; e++) {
    const row = rowOf.get(ex.agent[e]!);
    if (row === undefined) continue;
    if (list.length + 2 > barsMax) {
      truncated = true;
      break;
    }
    const end = ex.endMs[e]! >= 0 ? ex.endMs[e]! : makespanMs;
    const lane = pickLane(laneEnds, row, ex.assignMs[e]!, end);
    lanes = Math.max(lanes, lane + 1);
    const base = {
      agent: trace.agents[ex.agent[e]!]?.id ?? String(ex.agent[e]),
      row,
      lane,
      task: trace.taskIds[ex.task[e]!] ?? String(ex.task[e]),
      attempt: ex.attempt[e]!,
    };
    const start = ex.startMs[e]!;
    const state = OUTCOME[ex.state[e]!] ?? 'running';
    if (start < 0) {
      list.push({
        ...base,
        fromS: ex.assignMs[e]! / 1000,
        toS: end / 1000,
        phase: state === 'transfer' ? 'transfer' : state,
      });
      continue;
    }
    if (start > ex.assignMs[e]!)
      list.push({ ...base, fromS: ex.assignMs[e]! / 1000, toS: start / 1000, phase: 'transfer' });
    list.push({ ...base, fromS: start / 1000, toS: end / 1000, phase: state });
  }
  return { list, truncated, lanes };
}

/** First lane of `row` free at `fromMs` (executions arrive in assignment order), marked busy until `toMs`. */
function pickLane(laneEnds: Map<number, number[]>, row: number, fromMs: number, toMs: number): number {
  let ends = laneEnds.get(row);
  if (!ends) {
    ends = [];
    laneEnds.set(row, ends);
  }
  let lane = ends.findIndex((t) => t <= fromMs);
  if (lane < 0) lane = ends.length;
  ends[lane] = toMs;
  return lane;
}
