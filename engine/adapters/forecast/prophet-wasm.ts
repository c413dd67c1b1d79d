/**
 * Loads Prophet (`@bsull/augurs/prophet`) and its Stan optimiser (`@bsull/augurs-prophet-wasmstan`) under
 * Node. The augurs module's default initialiser would `fetch` its `.wasm` by URL, which Node cannot do for
 * `file:` URLs, so the binary is read from its explicit path in `node_modules` and instantiated with
 * `initSync`. Loaded once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type ProphetModule = typeof import('@bsull/augurs/prophet');
type Optimizer = typeof import('@bsull/augurs-prophet-wasmstan')['optimizer'];

export interface ProphetRuntime {
  Prophet: ProphetModule['Prophet'];
  optimizer: Optimizer;
}

let loading: Promise<ProphetRuntime> | undefined;

/** The initialised Prophet class and optimiser; the first call compiles the wasm (≈150 ms). */
export function loadProphet(): Promise<ProphetRuntime> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ProphetRuntime> {
  const require = createRequire(import.meta.url);
  const jsPath = require.resolve('@bsull/augurs/prophet');
  const mod: ProphetModule = await import('@bsull/augurs/prophet');
  mod.initSync({ module: readFileSync(join(dirname(jsPath), 'prophet_bg.wasm')) });
  const { optimizer } = await import('@bsull/augurs-prophet-wasmstan');
  return { Prophet: mod.Prophet, optimizer };
}
