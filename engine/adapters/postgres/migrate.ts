/**
 * Versioned schema migrations: numbered SQL files in `migrations/` (`0001_name.sql`, …) applied in order,
 * each in its own transaction together with its row in `schema_migrations`, under an advisory lock so two
 * engines migrating at once do not race. Running it again applies nothing (idempotent); a file whose
 * content changed after it was applied is reported, not re-run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export interface MigrationResult {
  /** Versions applied by this run, in order. */
  applied: number[];
  /** Highest version now in the database. */
  currentVersion: number;
}

/** Thrown when the database holds a migration whose file changed or is missing. */
export class MigrationDriftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationDriftError';
  }
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 0x61676e74; // "agnt"

/** The migrations directory, whether running from the sources or from dist/. */
export function migrationsDir(): string {
  const here = join(import.meta.dirname, 'migrations');
  if (existsSync(here)) return here;
  const fromDist = join(
    import.meta.dirname,
    '..',
    '..',
    '..',
    '..',
    'engine',
    'adapters',
    'postgres',
    'migrations',
  );
  if (existsSync(fromDist)) return fromDist;
  throw new Error(`cannot find the SQL migrations near ${import.meta.dirname}`);
}

/** Reads every migration file of `dir`, sorted by version; rejects gaps and malformed names. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE.exec(file);
    if (!m) throw new Error(`migration file ${file}: expected NNNN_name.sql`);
    const sql = readFileSync(join(dir, file), 'utf8');
    out.push({
      version: Number(m[1]),
      name: m[2]!,
      sql,
      sha256: createHash('sha256').update(sql).digest('hex'),
    });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1)
      throw new Error(`migration ${mig.version}_${mig.name}: expected version ${i + 1}`);
  });
  return out;
}

/** Applies every pending migration; returns what it applied. */
export async function migrate(pool: pg.Pool, migrations = loadMigrations()): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, sha256 text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await client.query<{ version: number; sha256: string }>(
      'SELECT version, sha256 FROM schema_migrations ORDER BY version',
    );
    checkDrift(done.rows, migrations);
    const applied: number[] = [];
    for (const mig of migrations.slice(done.rows.length)) {
      await applyOne(client, mig);
      applied.push(mig.version);
    }
    return { applied, currentVersion: migrations.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    client.release();
  }
}

function checkDrift(rows: { version: number; sha256: string }[], migrations: Migration[]): void {
  for (const row of rows) {
    const mig = migrations[row.version - 1];
    if (!mig)
      throw new MigrationDriftError(`database has migration ${row.version}, which this build does not know`);
    if (mig.sha256 !== row.sha256) {
      throw new MigrationDriftError(`migration ${row.version}_${mig.name} changed after it was applied`);
    }
  }
}

async function applyOne(client: pg.PoolClient, mig: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(mig.sql);
    await client.query('INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [
      mig.version,
      mig.name,
      mig.sha256,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`migration ${mig.version}_${mig.name} failed: ${(err as Error).message}`);
  }
}

/** Versions applied in the database (empty when it was never migrated). */
export async function appliedVersions(pool: pg.Pool): Promise<number[]> {
  const exists = await pool.query("SELECT to_regclass('schema_migrations') AS t");
  if (exists.rows[0]?.t === null) return [];
  const r = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return r.rows.map((x) => x.version);
}
