/**
 * `agentsched serve [--config FILE]`: runs the live engine server (core + system clock, gRPC agent
 * gateway, REST + WebSocket API, in-memory stores). Prints one JSON line with the bound addresses on
 * stdout, logs JSON lines on stderr, and shuts down gracefully on SIGTERM / SIGINT.
 */
import type { Command } from 'commander';
import { ConfigError, type ServerConfig } from '../../server/config.js';
import { loadServerConfig } from '../../server/config-load.js';
import { persistenceWithFlag } from '../../server/persistence-config.js';
import { UserError } from '../errors.js';

interface ServeOptions {
  config?: string;
  host?: string;
  httpPort?: string;
  grpcPort?: string;
  seed?: string;
  journal?: string;
  logLevel?: string;
  store?: string;
}

function port(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535)
    throw new UserError(`${flag} must be a port number 0-65535, got "${v}"`);
  return Number(v);
}

function configFrom(opts: ServeOptions): ServerConfig {
  let cfg: ServerConfig;
  try {
    cfg = loadServerConfig(opts.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message);
    throw err;
  }
  if (opts.host !== undefined) cfg.host = opts.host;
  cfg.httpPort = port(opts.httpPort, '--http-port') ?? cfg.httpPort;
  cfg.grpcPort = port(opts.grpcPort, '--grpc-port') ?? cfg.grpcPort;
  if (opts.seed !== undefined) {
    if (!/^\d{1,15}$/.test(opts.seed))
      throw new UserError(`--seed must be a non-negative integer, got "${opts.seed}"`);
    cfg.seed = Number(opts.seed);
  }
  if (opts.journal !== undefined) cfg.journalFile = opts.journal;
  if (opts.logLevel !== undefined) {
    if (!['silent', 'error', 'warn', 'info', 'debug'].includes(opts.logLevel)) {
      throw new UserError(`--log-level must be silent, error, warn, info or debug, got "${opts.logLevel}"`);
    }
    cfg.logLevel = opts.logLevel as ServerConfig['logLevel'];
  }
  try {
    cfg.persistence = persistenceWithFlag(cfg.persistence, opts.store);
    cfg.store = cfg.persistence.store;
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message);
    throw err;
  }
  return cfg;
}

async function serve(opts: ServeOptions): Promise<void> {
  const cfg = configFrom(opts);
  // Loaded here rather than at the top: the HTTP, gRPC and store stacks take ~0.3 s to load, which
  // `agentsched --help` and `serve --help` need not pay.
  const [{ startServer }, { StoreSetupError }] = await Promise.all([
    import('../../server/server.js'),
    import('../../adapters/open-stores.js'),
  ]);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(cfg);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (
      e.code === 'EADDRINUSE' ||
      e.code === 'EACCES' ||
      /secret|environment variable|No address added/.test(e.message) ||
      e instanceof StoreSetupError
    ) {
      throw new UserError(`cannot start: ${e.message}`);
    }
    throw err;
  }
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', http: `${cfg.host}:${server.httpPort}`, grpc: `${cfg.host}:${server.grpcPort}` })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the live engine server: gRPC agent gateway, REST + WebSocket API, in-memory stores')
    .option(
      '--config <file>',
      'server config (YAML or JSON); tokens come from files or environment variables',
    )
    .option('--host <addr>', 'listen address (default 127.0.0.1)')
    .option('--http-port <n>', 'REST/WebSocket port (0: any free port; default 8080)')
    .option('--grpc-port <n>', 'gRPC agent port (0: any free port; default 50051)')
    .option('--seed <n>', 'seed for the core’s random streams')
    .option('--journal <file>', 'write every stimulus and the commands it produced here (NDJSON) at shutdown')
    .option('--log-level <level>', 'silent, error, warn, info (default) or debug')
    .option(
      '--store <kind>',
      'memory (default; nothing survives a restart) or postgres (AGENTSCHED_PG_URL; Redis and InfluxDB via AGENTSCHED_REDIS_URL / AGENTSCHED_INFLUX_URL or the config file)',
    )
    .addHelpText(
      'after',
      '\nTokens: AGENTSCHED_{ADMIN,OPERATOR,VIEWER}_TOKEN and AGENTSCHED_AGENT_TOKEN, or apiTokens/agentTokens\nwith tokenFile/tokenEnv in the config file. Deny by default: no token configured, no access.\nPrints {"event":"listening","http":…,"grpc":…} on stdout once ready; SIGTERM shuts down gracefully.',
    )
    .action(serve);
}
