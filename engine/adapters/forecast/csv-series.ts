/**
 * CSV text → regular time series, one per group. Columns are chosen by header name or 0-based index;
 * defaults: time = `timestamp`/`time`/first column, value = `value`/second column, no grouping. Numeric
 * times are in `timeUnit` (default seconds); anything else must be an ISO-8601 date-time. Rows with an
 * empty value are skipped (missing samples); any other unparseable cell is an error naming the line.
 * Each group is resampled to a regular grid by `resampleToGrid` (see docs/forecasting.md).
 */
import { medianIntervalMs, resampleToGrid } from '../../load/resample.js';
import type { TimeSeries } from '../../load/time-series.js';

/** Input the user must fix: the message names the file, line or column and what was expected. */
export class SeriesInputError extends Error {
  override name = 'SeriesInputError';
}

export interface CsvSeriesOptions {
  /** File name used in messages. */
  source: string;
  header: boolean;
  timeCol?: string | undefined;
  valueCol?: string | undefined;
  groupCol?: string | undefined;
  /** Unit of numeric time values (default `s`). */
  timeUnit?: 'ms' | 's' | 'min' | 'h' | 'us';
  /** Grid step; default: the median sampling interval of each group. */
  stepMs?: number | undefined;
  maxGapSteps?: number | undefined;
}

export interface CsvSeries {
  name: string;
  series: TimeSeries;
  samples: number;
}

const TIME_UNIT_MS = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000 } as const;

/** Parses and resamples; throws `SeriesInputError` on bad input. Groups come out in first-seen order. */
export function parseCsvSeries(text: string, options: CsvSeriesOptions): CsvSeries[] {
  const lines = text.split(/\r?\n/);
  const header = options.header ? splitCsvLine(lines[0] ?? '') : undefined;
  const timeIdx = resolveColumn(
    options.timeCol,
    header,
    ['timestamp', 'time', 'ts', 'date'],
    0,
    'time',
    options.source,
  );
  const valueIdx = resolveColumn(options.valueCol, header, ['value', 'y'], 1, 'value', options.source);
  const groupIdx =
    options.groupCol === undefined
      ? -1
      : resolveColumn(options.groupCol, header, [], -1, 'group', options.source);
  const groups = new Map<string, { t: number[]; v: number[] }>();
  const unitMs = TIME_UNIT_MS[options.timeUnit ?? 's'];
  for (let li = options.header ? 1 : 0; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    const where = `${options.source} line ${li + 1}`;
    const valueText = cells[valueIdx]?.trim() ?? '';
    if (valueText === '') continue;
    const value = Number(valueText);
    if (!Number.isFinite(value)) throw new SeriesInputError(`${where}: value '${valueText}' is not a number`);
    const t = parseTime(cells[timeIdx]?.trim() ?? '', unitMs, where);
    const key = groupIdx >= 0 ? (cells[groupIdx]?.trim() ?? '') : 'series';
    let g = groups.get(key);
    if (!g) {
      g = { t: [], v: [] };
      groups.set(key, g);
    }
    g.t.push(t);
    g.v.push(value);
  }
  if (groups.size === 0) throw new SeriesInputError(`${options.source}: no data rows with a value`);
  return [...groups].map(([name, g]) => toSeries(name, g, options));
}

function toSeries(name: string, g: { t: number[]; v: number[] }, options: CsvSeriesOptions): CsvSeries {
  const stepMs = options.stepMs ?? medianIntervalMs(g.t);
  if (!(stepMs > 0)) {
    throw new SeriesInputError(
      `${options.source}: series '${name}' needs at least two distinct timestamps (or --step)`,
    );
  }
  const series = resampleToGrid(g.t, g.v, { stepMs, maxGapSteps: options.maxGapSteps ?? 5 });
  return { name, series, samples: g.t.length };
}

function parseTime(text: string, unitMs: number, where: string): number {
  if (text === '') throw new SeriesInputError(`${where}: the time cell is empty`);
  const n = Number(text);
  if (Number.isFinite(n)) return n * unitMs;
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new SeriesInputError(`${where}: time '${text}' is neither a number nor an ISO-8601 date-time`);
  return ms;
}

function resolveColumn(
  given: string | undefined,
  header: string[] | undefined,
  names: string[],
  fallback: number,
  role: string,
  source: string,
): number {
  if (given !== undefined) {
    const exact = header?.indexOf(given) ?? -1;
    if (exact >= 0) return exact;
    const loose = header?.findIndex((h) => h.trim().toLowerCase() === given.trim().toLowerCase()) ?? -1;
    if (loose >= 0) return loose;
    if (/^\d+$/.test(given)) return Number(given);
    const known = header
      ? `columns are ${header.join(', ')}`
      : 'with --no-header give a 0-based column index';
    throw new SeriesInputError(`${source}: ${role} column '${given}' not found (${known})`);
  }
  const byName = header?.findIndex((h) => names.includes(h.trim().toLowerCase())) ?? -1;
  return byName >= 0 ? byName : fallback;
}

/** Splits one CSV line; double-quoted cells may contain commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}
