/** Shared look of the report charts (size, fonts) so that every chart reads the same. */
import type { Config } from 'vega-lite';

export const CHART_WIDTH = 760;

export const CHART_CONFIG: Config = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
};

/** One report chart: its file stem, caption and the Vega-Lite spec; `note` explains sampling. */
export interface ChartDoc {
  name: string;
  title: string;
  caption: string;
  note?: string | undefined;
  /** Mark types (Vega `mark-<type>` classes) the rendered SVG must contain. */
  marks: string[];
  spec: import('vega-lite').TopLevelSpec;
}

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
