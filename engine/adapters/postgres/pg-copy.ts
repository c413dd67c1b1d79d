/**
 * `COPY … FROM STDIN` for the append-only tables (attempts, outcomes, events, submitted task rows).
 * Rows are built as PostgreSQL's COPY text format (tab-separated fields, `\N` for null, backslash
 * escapes) straight from the engine's records: no per-row objects, no JSON for the engine to build and
 * the database to parse, about half the bytes of the JSON records. Several COPY statements go out with
 * their data in one socket write as one simple-protocol Query, which PostgreSQL runs as one implicit
 * transaction (atomic: all parts or none) answered in one round trip.
 *
 * Sending the data without waiting for each CopyInResponse is safe: a backend that fails a statement
 * discards the rest of the Query and drops the CopyData / CopyDone messages that follow (protocol,
 * "COPY Operations"); the pool then discards the connection, as after any failed query.
 */
import pg from 'pg';

const { escapeLiteral } = pg;

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPED: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeChar = (c: string) => ESCAPED[c]!;

/** A text field (`\N` for null or undefined). */
export function copyText(v: string | null | undefined): string {
  if (v === undefined || v === null) return '\\N';
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, escapeChar) : v;
}

/** A numeric field (`\N` for null or undefined). Integer columns need integral values. */
export function copyNumber(v: number | null | undefined): string {
  return v === undefined || v === null ? '\\N' : String(v);
}

/** A number as an SQL literal (NULL for null, undefined or not finite). */
export function sqlNumber(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : 'NULL';
}

/** A string as an SQL literal (NULL for null or undefined). */
export function sqlText(v: string | null | undefined): string {
  return v === undefined || v === null ? 'NULL' : escapeLiteral(v);
}

/** A jsonb field. */
export function copyJson(v: unknown): string {
  return v === undefined || v === null ? '\\N' : copyText(JSON.stringify(v));
}

const ARRAY_SPECIAL_ALL = /["\\]/g;

/** A text[] field: the array literal with every element quoted. */
export function copyTextArray(v: readonly string[] | null | undefined): string {
  if (v === undefined || v === null) return '\\N';
  let lit = '{';
  for (let i = 0; i < v.length; i++) {
    if (i > 0) lit += ',';
    lit += `"${v[i]!.replace(ARRAY_SPECIAL_ALL, '\\$&')}"`;
  }
  return copyText(`${lit}}`);
}

/** One COPY statement and its rows (each ending with a newline), or a plain statement (no rows). */
export interface CopyPart {
  /** `COPY table (columns) FROM STDIN`, or a statement with its values inlined (no parameters). */
  sql: string;
  /** The COPY data; undefined for a plain statement. */
  rows?: string | undefined;
}

type Callback = (err: Error | undefined, res?: unknown) => void;

/** The Query message of `parts`, then CopyData and CopyDone per part, in one buffer. */
function encode(parts: readonly CopyPart[]): Buffer {
  const text = parts.map((p) => p.sql).join(';\n');
  const textBytes = Buffer.byteLength(text);
  const rowBytes = parts.map((p) => (p.rows === undefined ? -1 : Buffer.byteLength(p.rows)));
  let size = 5 + textBytes + 1;
  for (const n of rowBytes) if (n >= 0) size += 5 + n + 5;
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  buf[at] = 0x51; // 'Q'
  buf.writeInt32BE(4 + textBytes + 1, at + 1);
  at += 5 + buf.write(text, at + 5);
  buf[at++] = 0;
  parts.forEach((p, i) => {
    if (p.rows === undefined) return;
    buf[at] = 0x64; // 'd' CopyData
    buf.writeInt32BE(4 + rowBytes[i]!, at + 1);
    at += 5 + buf.write(p.rows, at + 5);
    buf[at] = 0x63; // 'c' CopyDone
    buf.writeInt32BE(4, at + 1);
    at += 5;
  });
  return buf;
}

/** A pg Submittable running COPY parts as described above. */
class CopyIn {
  callback: Callback | undefined;
  private done = false;

  constructor(private readonly parts: readonly CopyPart[]) {}

  submit(connection: pg.Connection): void {
    connection.stream.write(encode(this.parts));
  }

  /** The data went out with the query. */
  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}

  /** The client forgets the query after an error (no ReadyForQuery reaches it): answer now. */
  handleError(err: Error): void {
    this.finish(err);
  }

  handleReadyForQuery(): void {
    this.finish(undefined);
  }

  private finish(err: Error | undefined): void {
    if (this.done) return;
    this.done = true;
    this.callback?.(err);
  }
}

/**
 * Runs `parts` (COPY parts without rows skipped) as one transaction in one round trip on `db` (a pool,
 * or a client inside an explicit transaction). Rejects with the server's error (its `code` is the
 * SQLSTATE) when any part fails, in which case none of them was written.
 */
export function copyIn(db: pg.Pool | pg.PoolClient, parts: readonly CopyPart[]): Promise<void> {
  const todo = parts.filter((p) => p.rows === undefined || p.rows.length > 0);
  if (todo.length === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const q = new CopyIn(todo);
    (db as unknown as { query(q: CopyIn, cb: Callback): void }).query(q, (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

/** True for an error the server answered (a SQLSTATE): the failed statement's transaction rolled back. */
export function isServerError(err: unknown): err is Error & { code: string } {
  return (
    typeof (err as { code?: unknown } | null)?.code === 'string' &&
    (err as { code: string }).code.length === 5
  );
}
