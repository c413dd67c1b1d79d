/**
 * The InfluxDB v1 HTTP API (`/write` with line protocol, `/query` with InfluxQL, `/ping`), which 1.x
 * serves natively and 2.x/3.x serve for compatibility. Credentials in the URL become a Basic
 * authorization header and never appear in messages (`redactUrl`).
 */

export interface InfluxTarget {
  /** Base URL without credentials, e.g. http://127.0.0.1:8086. */
  baseUrl: string;
  /** Authorization header value, when the URL carried credentials. */
  authorization?: string | undefined;
  /** The URL as it may be shown (password masked). */
  shown: string;
}

/** Thrown for a refused or failed request; `retriable` is false for a 4xx the same request would repeat. */
export class InfluxError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'InfluxError';
  }
}

/** Splits `url` into base URL and Basic authorization; throws with the field named for a malformed URL. */
export function influxTarget(url: string): InfluxTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('influx url: expected http(s)://[user:password@]host:port');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`influx url: expected http or https, got ${u.protocol.replace(':', '')}`);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const shown = password ? url.replace(u.password, '***') : url;
  u.username = '';
  u.password = '';
  const authorization =
    user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  return { baseUrl: u.toString().replace(/\/$/, ''), authorization, shown };
}

async function request(
  t: InfluxTarget,
  path: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (t.authorization) headers.authorization = t.authorization;
  if (body !== undefined) headers['content-type'] = 'text/plain; charset=utf-8';
  try {
    return await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new InfluxError(`influx ${t.shown}: ${(err as Error).message}`, true);
  }
}

/** Writes line-protocol `lines` (ms precision) to `db`/`rp`. */
export async function writeLines(
  t: InfluxTarget,
  db: string,
  rp: string | undefined,
  lines: string,
  timeoutMs = 10_000,
): Promise<void> {
  const q = new URLSearchParams({ db, precision: 'ms' });
  if (rp) q.set('rp', rp);
  const res = await request(t, `/write?${q}`, lines, timeoutMs);
  if (res.status === 204) return;
  const text = (await res.text()).slice(0, 300);
  throw new InfluxError(`influx write: HTTP ${res.status} ${text}`, res.status >= 500 || res.status === 429);
}

/** One InfluxQL statement; resolves with the parsed JSON (statement errors throw). */
export async function query(
  t: InfluxTarget,
  q: string,
  db?: string,
  timeoutMs = 10_000,
): Promise<InfluxResult> {
  const params = new URLSearchParams({ q });
  if (db) params.set('db', db);
  params.set('epoch', 'ms');
  const res = await request(t, `/query?${params}`, undefined, timeoutMs);
  const json = (await res.json().catch(() => ({}))) as InfluxResult;
  const err = json.error ?? json.results?.find((r) => r.error)?.error;
  if (res.status >= 400 || err)
    throw new InfluxError(`influx query: ${err ?? `HTTP ${res.status}`}`, res.status >= 500);
  return json;
}

/** The JSON shape of /query answers. */
export interface InfluxResult {
  error?: string;
  results?: {
    error?: string;
    series?: { name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }[];
  }[];
}

/** True when the server answers /ping. */
export async function ping(t: InfluxTarget, timeoutMs = 2000): Promise<boolean> {
  try {
    const headers: Record<string, string> = t.authorization ? { authorization: t.authorization } : {};
    const res = await fetch(`${t.baseUrl}/ping`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    return res.status === 204;
  } catch {
    return false;
  }
}

/** Quotes an identifier for InfluxQL. */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Creates `db` if missing and makes `rp` (keeping data `retention`, e.g. `30d`) its default retention
 * policy, creating or altering it as needed. Idempotent.
 */
export async function ensureDatabase(
  t: InfluxTarget,
  db: string,
  rp: string,
  retention: string,
): Promise<void> {
  if (!/^(\d+(ns|u|µ|ms|s|m|h|d|w))+$|^INF$/.test(retention))
    throw new Error(`influx retention: expected a duration like 30d or INF, got "${retention}"`);
  await query(t, `CREATE DATABASE ${ident(db)}`);
  try {
    await query(
      t,
      `CREATE RETENTION POLICY ${ident(rp)} ON ${ident(db)} DURATION ${retention} REPLICATION 1 DEFAULT`,
    );
  } catch (err) {
    if (!/already exists|conflict/i.test((err as Error).message)) throw err;
    await query(t, `ALTER RETENTION POLICY ${ident(rp)} ON ${ident(db)} DURATION ${retention} DEFAULT`);
  }
}
