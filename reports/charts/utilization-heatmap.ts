/**
 * Agents × time utilisation heatmap. Large fleets are shown as groups of consecutive agents (mean of the
 * agents that are up) and long runs as merged sample intervals, so the chart stays ≤ `rowsMax` ×
 * `columnsMax` cells whatever the scenario size. Cells where every agent was down are grey.
 */
import type { SimTrace } from '../../sim/simulator.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

export interface HeatmapOptions {
  rowsMax?: number;
  columnsMax?: number;
}

interface Cell {
  row: string;
  order: number;
  fromS: number;
  toS: number;
  utilization: number | null;
}

/** The heatmap spec of `trace`. */
export function utilizationHeatmap(trace: SimTrace, opts: HeatmapOptions = {}): ChartDoc {
  const agents = trace.agents.length;
  const samples = trace.utilization ?? [];
  const rowSize = Math.ceil(agents / (opts.rowsMax ?? 60)) || 1;
  const colSize = Math.ceil(samples.length / (opts.columnsMax ?? 120)) || 1;
  const cells = buildCells(trace, rowSize, colSize);
  const grouped = rowSize > 1 || colSize > 1;
  return {
    name: 'utilization-heatmap',
    title: 'Utilisation heatmap',
    caption:
      'Busy slots / slots per agent over simulated time (darker is idle, yellow is full; grey is down).',
    note: grouped
      ? `Aggregated: ${rowSize} agent(s) per row, ${colSize} sample(s) per column (${agents} agents, ${samples.length} samples).`
      : undefined,
    marks: ['rect'],
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: CHART_WIDTH,
      height: Math.min(600, Math.max(120, Math.ceil(agents / rowSize) * 8)),
      data: { values: cells },
      encoding: {
        y: {
          field: 'row',
          type: 'ordinal',
          sort: { field: 'order' },
          title: rowSize > 1 ? 'agents' : 'agent',
          axis: { labelFontSize: 8, labelOverlap: 'greedy' },
        },
        x: { field: 'fromS', type: 'quantitative', title: 'simulated time (s)', axis: { grid: false } },
        x2: { field: 'toS' },
      },
      layer: [
        {
          transform: [{ filter: 'datum.utilization === null' }],
          mark: { type: 'rect', color: '#cccccc', aria: false },
        },
        {
          transform: [{ filter: 'datum.utilization !== null' }],
          // Thousands of cells: no per-cell ARIA labels (they would triple the SVG size).
          mark: { type: 'rect', aria: false },
          encoding: {
            color: {
              field: 'utilization',
              type: 'quantitative',
              title: 'utilisation',
              scale: { scheme: 'viridis', domain: [0, 1] },
            },
            tooltip: [{ field: 'row' }, { field: 'fromS' }, { field: 'utilization', format: '.2f' }],
          },
        },
      ],
    },
  };
}

function buildCells(trace: SimTrace, rowSize: number, colSize: number): Cell[] {
  const samples = trace.utilization ?? [];
  const times = (trace.timeline ?? []).map((p) => p.tMs);
  const interval = times.length > 1 ? times[1]! - times[0]! : 1000;
  const agents = trace.agents.length;
  const cells: Cell[] = [];
  for (let r = 0; r * rowSize < agents; r++) {
    const a0 = r * rowSize;
    const a1 = Math.min(agents, a0 + rowSize);
    const row = rowSize > 1 ? `${a0}–${a1 - 1}` : (trace.agents[a0]?.id ?? String(a0));
    for (let c = 0; c * colSize < samples.length; c++) {
      const s0 = c * colSize;
      const s1 = Math.min(samples.length, s0 + colSize);
      const fromMs = (times[s0] ?? s0 * interval) - interval;
      const toMs = times[s1 - 1] ?? s1 * interval;
      // Each cell overlaps its right neighbour by 2% so that anti-aliasing leaves no seams.
      cells.push({
        row,
        order: r,
        fromS: Math.max(0, fromMs) / 1000,
        toS: (toMs + (toMs - fromMs) * 0.02) / 1000,
        utilization: meanUp(samples, s0, s1, a0, a1),
      });
    }
  }
  return cells;
}

function meanUp(samples: ArrayLike<number>[], s0: number, s1: number, a0: number, a1: number): number | null {
  let sum = 0;
  let n = 0;
  for (let s = s0; s < s1; s++) {
    const u = samples[s]!;
    for (let a = a0; a < a1; a++) {
      const v = u[a]!;
      if (v >= 0) {
        sum += v;
        n++;
      }
    }
  }
  return n === 0 ? null : Math.round((sum / n) * 1000) / 1000;
}
