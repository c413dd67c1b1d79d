/** `agentsched tune <scenario>`: tune strategy weights by a seeded hill climb over simulated runs. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadScenarioFile, ScenarioError } from '../../../sim/scenario/load.js';
import { loadScenarioModules } from '../../../sim/scenario/modules.js';
import { type Objective, tuneWeights } from '../../../sim/tune/hill-climb.js';
import { PluginConfigError } from '../../schedule/framework/registry.js';
import { UserError } from '../errors.js';
import { importWorkflows } from '../workflow-import.js';

interface TuneCliOptions {
  strategy: string;
  seeds: string;
  rounds: string;
  objective: string;
  history?: string;
  json?: string;
  quiet?: boolean;
}

function parseList(v: string, field: string): number[] {
  const xs = v.split(',').map((x) => x.trim());
  if (xs.some((x) => !/^\d+$/.test(x)))
    throw new UserError(`${field} must be a comma-separated list of non-negative integers, got "${v}"`);
  return xs.map(Number);
}

export function register(program: Command): void {
  program
    .command('tune')
    .description(
      'Tune the score weights of the weighted/hierarchical strategy by hill climbing over simulated runs',
    )
    .argument('<scenario>', 'scenario file to tune on')
    .option('--strategy <name>', 'weighted or hierarchical', 'weighted')
    .option('--seeds <list>', 'seeds each configuration is evaluated on (mean objective)', '1,2,3')
    .option('--rounds <n>', 'perturbations to try', '20')
    .option('--objective <name>', 'makespan, balance (utilisation CV), energy, or composite', 'composite')
    .option(
      '--history <file>',
      'JSON-lines history of evaluated configurations: read first (no re-runs), then appended',
    )
    .option('--json <file>', 'write the tuning result (initial, best, every step) as JSON')
    .option('--quiet', 'print only the best weights')
    .action(async (scenario: string, o: TuneCliOptions) => {
      if (o.strategy !== 'weighted' && o.strategy !== 'hierarchical') {
        throw new UserError(`--strategy must be weighted or hierarchical, got "${o.strategy}"`);
      }
      if (!['makespan', 'balance', 'energy', 'composite'].includes(o.objective)) {
        throw new UserError(
          `--objective must be makespan, balance, energy or composite, got "${o.objective}"`,
        );
      }
      const rounds = parseList(o.rounds, '--rounds')[0]!;
      const seeds = parseList(o.seeds, '--seeds');
      let loaded: ReturnType<typeof loadScenarioFile>;
      try {
        loaded = loadScenarioFile(scenario);
        await loadScenarioModules(loaded);
      } catch (err) {
        if (err instanceof ScenarioError) throw new UserError(err.message);
        throw err;
      }
      let result: ReturnType<typeof tuneWeights>;
      try {
        result = tuneWeights(loaded, {
          strategy: o.strategy,
          seeds,
          rounds,
          objective: o.objective as Objective,
          historyPath: o.history,
          importWorkflows,
          onStep: o.quiet
            ? undefined
            : (s) =>
                process.stdout.write(
                  `round ${String(s.round).padStart(3)}  ${s.accepted ? 'kept   ' : 'dropped'}  ${s.score.toFixed(4)}${s.cached ? ' (history)' : ''}  ${JSON.stringify(s.weights)}\n`,
                ),
        });
      } catch (err) {
        if (err instanceof PluginConfigError) throw new UserError(err.message);
        throw err;
      }
      if (o.json) writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
      process.stdout.write(
        `${o.quiet ? '' : `\n${result.objective}: ${result.initial.score.toFixed(4)} -> ${result.best.score.toFixed(4)} (${result.improvementPct.toFixed(1)}% better)\nbest weights: `}${JSON.stringify(result.best.weights)}\n`,
      );
    });
}
