/**
 * PostgreSQL connection pool for the stores. bigint columns (engine clock ms, sequence numbers) come back
 * as JavaScript numbers: every value the stores keep fits in 2^53. Connection strings may hold a
 * password; `redactUrl` is what logs and error messages show instead.
 */
import pg from 'pg';

const INT8_OID = 20;

/** Type parsers of the pool: int8 as number, everything else as pg's default. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PgPoolOptions {
  /** Connections at most (default 10). */
  connectionsMax?: number | undefined;
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number | undefined;
  /** Statement timeout per query (default 30 s). */
  statementTimeoutMs?: number | undefined;
  applicationName?: string | undefined;
}

/** A pool for `url` (postgres://user:password@host:port/db). Does not connect until first used. */
export function createPgPool(url: string, opts: PgPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.connectionsMax ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    statement_timeout: opts.statementTimeoutMs ?? 30_000,
    application_name: opts.applicationName ?? 'agentsched',
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` inside one transaction on one client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** `url` with any password replaced by `***`, safe to log. Unparseable input is hidden entirely. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}

/** An error message with every occurrence of the connection string's password removed. */
export function redactError(err: unknown, url: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // no password to hide
  }
  return password ? msg.split(password).join('***') : msg;
}
