/**
 * Makespan per configuration across seeds: a box plot (min–max whiskers) with every seed as a dot, so a
 * reader sees both the spread and how many seeds stand behind it.
 */
import type { SweepRecord } from '../../sim/sweep/types.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

/** The box-plot spec over sweep records. */
export function makespanBoxplot(records: readonly SweepRecord[]): ChartDoc {
  const values = records.map((r) => ({
    label: r.label,
    strategy: r.strategy,
    seed: r.seed,
    makespanS: r.metrics.makespanMs / 1000,
  }));
  const labels = [...new Set(records.map((r) => r.label))];
  const x = {
    field: 'label',
    type: 'nominal' as const,
    title: 'configuration',
    sort: labels,
    axis: { labelAngle: labels.length > 4 ? -30 : 0, labelLimit: 260 },
  };
  return {
    name: 'makespan-boxplot',
    title: 'Makespan per configuration',
    caption:
      'Makespan across seeds for each configuration: box = quartiles, whiskers = min–max, dots = seeds.',
    marks: ['rect', 'symbol'],
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: Math.min(CHART_WIDTH, Math.max(240, labels.length * 90)),
      height: 280,
      data: { values },
      layer: [
        {
          mark: { type: 'boxplot', extent: 'min-max', size: 28, opacity: 0.8 },
          encoding: {
            x,
            y: { field: 'makespanS', type: 'quantitative', title: 'makespan (s)', scale: { zero: false } },
            color: { field: 'strategy', type: 'nominal', title: 'strategy' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 22, color: '#222', opacity: 0.7 },
          encoding: {
            x,
            y: { field: 'makespanS', type: 'quantitative' },
            tooltip: [{ field: 'label' }, { field: 'seed' }, { field: 'makespanS', format: '.1f' }],
          },
        },
      ],
    },
  };
}
