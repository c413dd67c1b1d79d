/**
 * `agentsched db migrate | status`: applies the versioned PostgreSQL migrations
 * (engine/adapters/postgres/migrations) to the database in AGENTSCHED_PG_URL (or --url-env NAME), or
 * reports which are applied. Idempotent; each migration runs in its own transaction. The URL is never
 * printed with its password.
 */
import type { Command } from 'commander';
import {
  appliedVersions,
  loadMigrations,
  MigrationDriftError,
  migrate,
} from '../../adapters/postgres/migrate.js';
import { createPgPool, redactError, redactUrl } from '../../adapters/postgres/pg-pool.js';
import { UserError } from '../errors.js';

interface DbOptions {
  urlEnv: string;
}

function urlFrom(opts: DbOptions): string {
  const url = process.env[opts.urlEnv];
  if (!url)
    throw new UserError(
      `--url-env: environment variable ${opts.urlEnv} is not set (expected postgres://user@host:port/db)`,
    );
  let scheme = '';
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new UserError(`${opts.urlEnv}: not a URL (expected postgres://user@host:port/db)`);
  }
  if (scheme !== 'postgres:' && scheme !== 'postgresql:')
    throw new UserError(`${opts.urlEnv}: expected a postgres:// URL, got ${scheme}`);
  return url;
}

async function withPool<T>(
  opts: DbOptions,
  fn: (pool: ReturnType<typeof createPgPool>, url: string) => Promise<T>,
): Promise<T> {
  const url = urlFrom(opts);
  const pool = createPgPool(url, { connectionsMax: 1 });
  try {
    await pool.query('SELECT 1').catch((err) => {
      throw new UserError(`cannot connect to ${redactUrl(url)}: ${redactError(err, url)}`);
    });
    return await fn(pool, url);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof MigrationDriftError) throw new UserError(err.message);
    throw new UserError(`${redactUrl(url)}: ${redactError(err, url)}`, 1);
  } finally {
    await pool.end().catch(() => {});
  }
}

async function runMigrate(opts: DbOptions): Promise<void> {
  await withPool(opts, async (pool, url) => {
    const r = await migrate(pool);
    const line = {
      event: 'migrated',
      database: redactUrl(url),
      applied: r.applied,
      version: r.currentVersion,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}

async function runStatus(opts: DbOptions): Promise<void> {
  await withPool(opts, async (pool, url) => {
    const applied = await appliedVersions(pool);
    const known = loadMigrations().map((m) => ({
      version: m.version,
      name: m.name,
      applied: applied.includes(m.version),
    }));
    process.stdout.write(`${JSON.stringify({ database: redactUrl(url), migrations: known })}\n`);
  });
}

/** Registers `db migrate` and `db status`. */
export function register(program: Command): void {
  const db = program.command('db').description('PostgreSQL schema: versioned migrations');
  db.command('migrate')
    .description('apply pending migrations (idempotent, one transaction per migration)')
    .option('--url-env <name>', 'environment variable holding the database URL', 'AGENTSCHED_PG_URL')
    .action(runMigrate);
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--url-env <name>', 'environment variable holding the database URL', 'AGENTSCHED_PG_URL')
    .action(runStatus);
}
