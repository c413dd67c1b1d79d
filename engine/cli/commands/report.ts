/**
 * `agentsched report <results> --out <dir>`: a self-contained HTML report with SVG charts (Vega-Lite
 * rendered server-side) from a sweep's results (folder or results.jsonl), a baseline, or run results.
 */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { readRuns } from '../../../reports/read-runs.js';
import { ScenarioError } from '../../../sim/scenario/load.js';
import { SweepError } from '../../../sim/sweep/sweep-error.js';
import { UserError } from '../errors.js';

interface ReportOptions {
  out: string;
  trace: boolean;
  quiet?: boolean;
}

/** Adds the `report` sub-command to `program`. */
export function register(program: Command): void {
  program
    .command('report')
    .description('Write an HTML report with SVG charts from sweep results or run results')
    .argument(
      '<results>',
      'sweep output folder, results.jsonl, baseline JSON, or `agentsched run --json` output',
    )
    .requiredOption('--out <dir>', 'output folder (index.html, charts/*.svg, charts/*.vl.json, summary.json)')
    .option('--no-trace', 'skip re-simulating the representative run (no Gantt, heatmap, CDF, fault charts)')
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      '\nSingle-run reports with every trace chart: agentsched run <scenario> --report <dir>.',
    )
    .action(async (results: string, opts: ReportOptions) => {
      const t0 = performance.now();
      let input: ReturnType<typeof readRuns>;
      try {
        input = readRuns(results);
      } catch (err) {
        if (err instanceof SweepError) throw new UserError(err.message);
        throw err;
      }
      if (input.records.length === 0) throw new UserError(`${results}: holds no finished runs yet`);
      // Loaded on demand: vega and vega-lite are large and other commands do not need them.
      const { writeSweepReport } = await import('../../../reports/sweep-report.js');
      let written: Awaited<ReturnType<typeof writeSweepReport>>;
      try {
        written = await writeSweepReport(input.records, opts.out, { trace: opts.trace });
      } catch (err) {
        if (err instanceof ScenarioError || err instanceof SweepError) throw new UserError(err.message);
        throw err;
      }
      if (!opts.quiet) {
        const ms = Math.round(performance.now() - t0);
        process.stdout.write(`report → ${written.html} (${written.svgs.length} charts, ${ms} ms)\n`);
      }
    });
}
