/**
 * Load balance over time: the coefficient of variation of agent utilisation at each sample (lower is
 * more even) and the mean utilisation. One run: two lines; a sweep: one line per run, coloured by
 * configuration.
 */
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

export interface TimelineSeries {
  label: string;
  seed: number;
  points: { tMs: number; cv: number; mean: number }[];
}

/** The CV-over-time spec for one or more runs. */
export function cvTimelineChart(series: TimelineSeries[]): ChartDoc {
  const single = series.length === 1;
  const values = series.flatMap((s) =>
    s.points.flatMap((p) => [
      {
        label: s.label,
        seed: s.seed,
        run: `${s.label} #${s.seed}`,
        tS: p.tMs / 1000,
        measure: 'utilisation CV',
        value: p.cv,
      },
      {
        label: s.label,
        seed: s.seed,
        run: `${s.label} #${s.seed}`,
        tS: p.tMs / 1000,
        measure: 'mean utilisation',
        value: p.mean,
      },
    ]),
  );
  const unit = {
    width: CHART_WIDTH,
    height: 180,
    mark: { type: 'line' as const, strokeWidth: single ? 1.8 : 1.2, opacity: single ? 1 : 0.75 },
    encoding: {
      x: { field: 'tS', type: 'quantitative' as const, title: 'simulated time (s)' },
      y: { field: 'value', type: 'quantitative' as const, title: single ? null : 'utilisation CV' },
      color: single
        ? { field: 'measure', type: 'nominal' as const, legend: null }
        : { field: 'label', type: 'nominal' as const, title: 'configuration' },
      detail: { field: 'run', type: 'nominal' as const },
    },
  };
  return {
    name: 'cv-timeline',
    title: 'Load balance over time',
    caption: single
      ? 'Coefficient of variation of agent utilisation (lower is more even) and mean utilisation per sample.'
      : 'Coefficient of variation of agent utilisation per sample, one line per run, coloured by configuration.',
    marks: ['line'],
    spec: single
      ? {
          $schema: SCHEMA,
          config: CHART_CONFIG,
          data: { values },
          facet: { row: { field: 'measure', type: 'nominal', title: null } },
          resolve: { scale: { y: 'independent' } },
          spec: unit,
        }
      : {
          $schema: SCHEMA,
          config: CHART_CONFIG,
          data: { values: values.filter((v) => v.measure === 'utilisation CV') },
          ...unit,
        },
  };
}
