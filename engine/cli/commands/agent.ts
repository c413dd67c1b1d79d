/**
 * `agentsched agent --engine <host:port>`: runs real agents against a live engine. `--count N` runs N
 * logical agents in one process (load tests); `--agents-file` takes their specs from a JSON list.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { AgentFleet } from '../../agent/agent-fleet.js';
import type { ExecMode } from '../../agent/executors.js';
import type { AgentSpec } from '../../model/types.js';
import { readSecret } from '../../server/auth/secrets.js';
import { UserError } from '../errors.js';

interface AgentCliOptions {
  engine: string;
  slots: string;
  capabilities?: string;
  cluster: string;
  type: string;
  speed: string;
  memoryMb: string;
  exec: string;
  count: string;
  idPrefix?: string;
  agentsFile?: string;
  timeScale: string;
  tokenFile?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  statsFile?: string;
  statsSamples?: boolean;
  agentsPerChannel: string;
  startSpreadMs: string;
  quiet?: boolean;
}

function num(v: string, flag: string, min: number, max: number, integer = true): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UserError(
      `${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got "${v}"`,
    );
  }
  return n;
}

function specsFromFile(path: string): AgentSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`--agents-file ${path}: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw) || raw.length === 0)
    throw new UserError(`--agents-file ${path}: expected a non-empty JSON list of agent specs`);
  return raw.map((a, i) => {
    if (typeof a !== 'object' || a === null || typeof (a as AgentSpec).id !== 'string') {
      throw new UserError(`--agents-file ${path}: [${i}].id: expected a string`);
    }
    const s = a as Partial<AgentSpec> & { id: string };
    return {
      cluster: 'default',
      type: 'generic',
      capabilities: [],
      slots: 1,
      speed: 1,
      memoryMb: 1 << 20,
      powerIdleW: 0,
      powerMaxW: 0,
      ...s,
    };
  });
}

function specsFrom(o: AgentCliOptions): AgentSpec[] {
  if (o.agentsFile) return specsFromFile(o.agentsFile);
  const count = num(o.count, '--count', 1, 100_000);
  const prefix = o.idPrefix ?? `${hostname()}-${process.pid}`;
  const base = {
    cluster: o.cluster,
    type: o.type,
    capabilities: (o.capabilities ?? '').split(',').filter((c) => c !== ''),
    slots: num(o.slots, '--slots', 1, 4096),
    speed: num(o.speed, '--speed', 0.001, 1e6, false),
    memoryMb: num(o.memoryMb, '--memory-mb', 0, 2 ** 40),
    powerIdleW: 100,
    powerMaxW: 200,
  };
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    id: count === 1 && o.idPrefix ? prefix : `${prefix}-${i}`,
  }));
}

function tokenFrom(o: AgentCliOptions): string {
  try {
    return readSecret(o.tokenFile ? { file: o.tokenFile } : { env: 'AGENTSCHED_AGENT_TOKEN' });
  } catch (err) {
    throw new UserError(
      `agent token: ${(err as Error).message} (use --token-file or AGENTSCHED_AGENT_TOKEN)`,
    );
  }
}

async function runAgents(o: AgentCliOptions): Promise<void> {
  if (!/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/.test(o.engine))
    throw new UserError(`--engine must be host:port, got "${o.engine}"`);
  if (!['shell', 'sleep', 'cpu'].includes(o.exec))
    throw new UserError(`--exec must be shell, sleep or cpu, got "${o.exec}"`);
  if (o.tlsCert && !o.tlsCa) throw new UserError('--tls-cert needs --tls-ca');
  const fleet = new AgentFleet({
    engine: o.engine,
    specs: specsFrom(o),
    exec: o.exec as ExecMode,
    timeScale: num(o.timeScale, '--time-scale', 0, 1e6, false),
    token: tokenFrom(o),
    tls: o.tlsCa ? { caFile: o.tlsCa, certFile: o.tlsCert, keyFile: o.tlsKey } : undefined,
    agentsPerChannel: num(o.agentsPerChannel, '--agents-per-channel', 1, 100_000),
    startSpreadMs: num(o.startSpreadMs, '--start-spread-ms', 0, 600_000),
    keepSamples: o.statsSamples === true,
    log: o.quiet ? () => {} : (m) => process.stderr.write(`${m}\n`),
  });
  fleet.start();
  const writeStats = () => {
    if (o.statsFile) writeFileSync(o.statsFile, `${JSON.stringify(fleet.stats.summary())}\n`);
  };
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      writeStats();
      fleet.stop('agent process stopping').then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    fleet.whenDone().then(() => {
      writeStats();
      stop();
    }, resolve);
  });
}

export function register(program: Command): void {
  program
    .command('agent')
    .description('Run real worker agents against a live engine (gRPC): register, heartbeat, execute, report')
    .requiredOption('--engine <host:port>', 'engine gRPC address, e.g. 127.0.0.1:50051')
    .option('--slots <n>', 'parallel task slots per agent', '4')
    .option('--capabilities <list>', 'comma-separated capabilities, e.g. cpu,gpu')
    .option('--cluster <name>', 'cluster name', 'default')
    .option('--type <name>', 'agent type', 'generic')
    .option('--speed <x>', 'relative speed (runtime = work units / speed)', '1')
    .option('--memory-mb <n>', 'memory', '16384')
    .option(
      '--exec <mode>',
      'how tasks run: sleep (runtime), cpu (busy for runtime) or shell (task command)',
      'sleep',
    )
    .option('--count <n>', 'logical agents in this process (load tests)', '1')
    .option('--id-prefix <s>', 'agent id (with --count 1) or id prefix (ids <prefix>-<i>)')
    .option('--agents-file <file>', 'JSON list of agent specs to run (overrides --count and the spec flags)')
    .option('--time-scale <x>', 'multiply every task runtime by x (sleep and cpu modes)', '1')
    .option('--token-file <file>', 'agent token file (default: AGENTSCHED_AGENT_TOKEN)')
    .option('--tls-ca <file>', 'CA certificate of the engine (enables TLS)')
    .option('--tls-cert <file>', 'client certificate (mTLS)')
    .option('--tls-key <file>', 'client key (mTLS)')
    .option('--stats-file <file>', 'write counters and latency percentiles as JSON here on exit')
    .option('--stats-samples', 'with --stats-file: also every latency sample with its time (benchmarks)')
    .option('--agents-per-channel <n>', 'logical agents sharing one HTTP/2 connection', '250')
    .option('--start-spread-ms <n>', 'spread the first registrations over this many ms', '0')
    .option('--quiet', 'do not log reconnects')
    .action(runAgents);
}
