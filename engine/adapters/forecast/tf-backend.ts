/**
 * TensorFlow.js backend set-up for Node. `@tensorflow/tfjs-node` cannot be installed here, so models run
 * on the WebAssembly backend (≈3–4× faster than the pure-JS `cpu` backend for our small LSTMs), whose
 * `.wasm` files are loaded from an explicit path inside `node_modules`.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

let ready: Promise<string> | undefined;

/**
 * Selects the wasm backend once per process (falls back to `cpu` if wasm cannot start) and resolves to
 * the backend's name. Safe to call many times; later calls share the first promise.
 */
export function ensureTfBackend(): Promise<string> {
  ready ??= selectBackend();
  return ready;
}

async function selectBackend(): Promise<string> {
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(`${wasmDir}/`);
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

export { tf };
