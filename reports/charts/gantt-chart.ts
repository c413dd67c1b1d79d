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
  fromS: number;
  toS: number;
  phase: string;
  task: string;
  attempt: number;
}

/** Picks up to `max` agent indices: faulty agents first, then evenly spaced, returned in index order. */
export function sampleAgents(agentCount: number, faulty: number[], max: number): number[] {
  if (agentCount <= max) return Array.from({ length: agentCount }, (_, i) => i);
  const chosen = new Set(faulty.slice(0, Math.floor(max / 4)));
  const step = agentCount / (max - chosen.size);
  for (let i = 0; chosen.size < max && i * step < agentCount; i++) chosen.add(Math.floor(i * step));
  return [...chosen].sort((a, b) => a - b);
}

/** The Gantt chart spec of `trace`. */
export function ganttChart(trace: SimTrace, opts: GanttOptions): ChartDoc {
  const agentsMax = opts.agentsMax ?? 40;
  const barsMax = opts.barsMax ?? 4000;
  const faulty = [...new Set((trace.faults ?? []).map((f) => f.agent))];
  const rows = sampleAgents(trace.agents.length, faulty, agentsMax);
  const bars = collectBars(trace, new Map(rows.map((a, i) => [a, i])), opts.makespanMs, barsMax);
  const sampled = rows.length < trace.agents.length || bars.truncated;
  const note = sampled
    ? `Sampled: ${rows.length} of ${trace.agents.length} agents (every agent hit by a fault, then evenly spaced)${bars.truncated ? `, first ${barsMax} bars` : ''}.`
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
      height: Math.max(120, rows.length * 12),
      data: { values: bars.list },
      mark: { type: 'bar', height: 9 },
      encoding: {
        y: {
          field: 'agent',
          type: 'ordinal',
          sort: { field: 'row' },
          title: 'agent',
          axis: { labelFontSize: 9 },
        },
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
): { list: Bar[]; truncated: boolean } {
  const ex = trace.exec;
  const list: Bar[] = [];
  let truncated = false;
  for (let e = 0; e < ex.task.length; e++) {
    const row = rowOf.get(ex.agent[e]!);
    if (row === undefined) continue;
    if (list.length + 2 > barsMax) {
      truncated = true;
      break;
    }
    const base = {
      agent: trace.agents[ex.agent[e]!]?.id ?? String(ex.agent[e]),
      row,
      task: trace.taskIds[ex.task[e]!] ?? String(ex.task[e]),
      attempt: ex.attempt[e]!,
    };
    const end = ex.endMs[e]! >= 0 ? ex.endMs[e]! : makespanMs;
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
  return { list, truncated };
}
