/**
 * Durations on the command line: `90s`, `5m`, `1h30m`, `2d`, `250ms`; a bare number means seconds.
 */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Milliseconds in `text`, or undefined if it is not a positive duration. */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = re.lastIndex;
  }
  return at === t.length && total > 0 ? total : undefined;
}

/** Short human form of a duration: `5m`, `1h30m`, `90s`, `250ms`. */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    const k = Math.floor(rest / size);
    if (k > 0) parts.push(`${k}${unit}`);
    rest -= k * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
