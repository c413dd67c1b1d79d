/**
 * The `arima` package (ctsa compiled to WebAssembly) instantiated here rather than through its index, so
 * that the fitted coefficients can be read back from the module's memory: the package's API has no
 * accessor for them, and the cached-model fast path (`arima-recursion.ts`) needs them.
 *
 * The package's `ARIMA` object keeps a pointer to a pointer to ctsa's `struct sarimax_set` (ctsa.h):
 * ints N, Nused, method, optmethod, p, d, q, s, P, D, Q, r, M, ncoeff at byte offsets 0–52, then the
 * pointers phi (56) and theta (60), …, and the double `mean` at 88 and `var` at 96 (wasm32 layout).
 * `readCoefficients` checks p, d and q at their offsets against the requested order and every value for
 * finiteness, so a different package build is detected (undefined) instead of read wrongly; callers then
 * keep the package's own forecasts. ctsa stores θ with the opposite sign to `arima-recursion.ts`
 * (its `sarimax_predict` negates them before filtering), so they are negated here.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ArimaCoefficients } from './arima-recursion.js';

interface ArimaInstance {
  model: number | null;
  train(ts: number[]): ArimaInstance;
  predict(length: number): [number[], number[]];
  destroy(): void;
}

type ArimaConstructor = new (options: {
  p: number;
  d: number;
  q: number;
  verbose?: boolean;
}) => ArimaInstance;

interface WasmModule {
  HEAP32: Int32Array;
  HEAPF64: Float64Array;
}

// The package's `exports` only expose its index, so its files are loaded by path from its folder.
const require = createRequire(import.meta.url);
const root = dirname(require.resolve('arima'));
const createModule = require(join(root, 'wasm/native-sync.js')) as (o: {
  wasmBinary: Uint8Array;
  print: (line: string) => void;
  printErr: (line: string) => void;
}) => WasmModule;
const wasmBinary = require(join(root, 'wrapper/native.bin.js')) as Uint8Array;
const bindArima = require(join(root, 'load.js')) as (m: WasmModule) => ArimaConstructor;

/**
 * ctsa's optimiser reports failed fits with printf ("Program Exiting as the function returns NaN",
 * "non-stationary AR part"), which the module sends to `console.log` unless given `print`: it wrote into
 * `predict backtest`'s report on stdout and, with stdout closed (`| head`), crashed the process with EPIPE.
 * A failed fit is already handled where it matters (the spec scores badly or `train` throws, see
 * `arima-core.ts`), so the lines are only counted.
 */
const diagnostics = { lines: 0, last: '' };
function onDiagnostic(line: string): void {
  diagnostics.lines++;
  diagnostics.last = line;
}

/** How many diagnostic lines ctsa has printed in this thread, and the last one. */
export function arimaDiagnostics(): { lines: number; last: string } {
  return { ...diagnostics };
}

const wasm = createModule({ wasmBinary, print: onDiagnostic, printErr: onDiagnostic });

/** The package's ARIMA class, bound to the module instance `readCoefficients` reads from. */
export const ARIMA: ArimaConstructor = bindArima(wasm);
export type ArimaModel = ArimaInstance;

/** The fitted coefficients of `model` for order (p, d, q), or undefined if they cannot be read safely. */
export function readCoefficients(
  model: ArimaModel,
  order: { p: number; d: number; q: number },
): ArimaCoefficients | undefined {
  if (!model.model) return undefined;
  const obj = wasm.HEAP32[model.model >> 2]!;
  if (obj <= 0 || obj % 8 !== 0) return undefined;
  const int = (offset: number) => wasm.HEAP32[(obj + offset) >> 2]!;
  const dbl = (offset: number) => wasm.HEAPF64[(obj + offset) >> 3]!;
  if (int(16) !== order.p || int(20) !== order.d || int(24) !== order.q) return undefined;
  const phi = readDoubles(int(56), order.p);
  const theta = readDoubles(int(60), order.q);
  const mean = dbl(88);
  const variance = dbl(96);
  if (!phi || !theta || !Number.isFinite(mean) || !(variance >= 0)) return undefined;
  return { ...order, phi, theta: theta.map((v) => -v), mean: order.d === 0 ? mean : 0, variance };
}

function readDoubles(ptr: number, n: number): Float64Array | undefined {
  if (n === 0) return new Float64Array(0);
  if (ptr <= 0 || ptr % 8 !== 0) return undefined;
  const out = wasm.HEAPF64.slice(ptr >> 3, (ptr >> 3) + n);
  return out.every(Number.isFinite) ? out : undefined;
}
