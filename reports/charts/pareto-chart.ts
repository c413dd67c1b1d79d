/**
 * Pareto front of the sweep's configurations (means across seeds): makespan on x, energy on y,
 * utilisation CV as colour. Configurations that no other beats on all three are drawn large and labelled;
 * the line joins the makespan–energy trade-off among them.
 */
import type { ConfigSummary } from '../../sim/sweep/summarize.js';
import { paretoFront } from '../pareto.js';
import { CHART_CONFIG, CHART_WIDTH, type ChartDoc, SCHEMA } from './chart-theme.js';

/** The Pareto chart spec over configuration summaries. */
export function paretoChart(configs: readonly ConfigSummary[]): ChartDoc {
  const objectives = configs.map((c) => [
    c.metrics.makespanMs.mean,
    c.metrics.energyJ.mean,
    c.metrics.utilizationCv.mean,
  ]);
  const front = new Set(paretoFront(objectives));
  const values = configs.map((c, i) => ({
    label: c.label,
    makespanS: c.metrics.makespanMs.mean / 1000,
    energyKWh: c.metrics.energyJ.mean / 3.6e6,
    cv: c.metrics.utilizationCv.mean,
    pareto: front.has(i) ? 'Pareto-optimal' : 'dominated',
  }));
  const frontLine = values.filter((v) => v.pareto === 'Pareto-optimal');
  return {
    name: 'pareto-front',
    title: 'Pareto front: makespan vs energy vs balance',
    caption:
      'Mean makespan and energy per configuration, colour = utilisation CV (lower is more even). Large labelled points are Pareto-optimal over all three objectives.',
    marks: ['symbol', 'text'],
    spec: {
      $schema: SCHEMA,
      config: CHART_CONFIG,
      width: CHART_WIDTH - 120,
      height: 320,
      layer: [
        {
          data: { values: frontLine },
          mark: { type: 'line', color: '#999', strokeDash: [4, 3] },
          encoding: {
            x: { field: 'makespanS', type: 'quantitative', sort: 'ascending' },
            y: { field: 'energyKWh', type: 'quantitative' },
          },
        },
        {
          data: { values },
          mark: { type: 'point', filled: true, stroke: '#333', strokeWidth: 0.8 },
          encoding: {
            x: {
              field: 'makespanS',
              type: 'quantitative',
              title: 'mean makespan (s)',
              scale: { zero: false },
            },
            y: {
              field: 'energyKWh',
              type: 'quantitative',
              title: 'mean energy (kWh)',
              scale: { zero: false },
            },
            color: {
              field: 'cv',
              type: 'quantitative',
              title: 'utilisation CV',
              scale: { scheme: 'plasma' },
            },
            size: {
              field: 'pareto',
              type: 'ordinal',
              sort: ['Pareto-optimal', 'dominated'],
              title: null,
              scale: { domain: ['Pareto-optimal', 'dominated'], range: [180, 50] },
            },
            tooltip: [
              { field: 'label' },
              { field: 'makespanS', format: '.1f' },
              { field: 'energyKWh', format: '.3f' },
              { field: 'cv', format: '.3f' },
            ],
          },
        },
        {
          data: { values: frontLine },
          mark: { type: 'text', align: 'left', dx: 8, dy: -6, fontSize: 10 },
          encoding: {
            x: { field: 'makespanS', type: 'quantitative' },
            y: { field: 'energyKWh', type: 'quantitative' },
            text: { field: 'label' },
          },
        },
      ],
    },
  };
}
