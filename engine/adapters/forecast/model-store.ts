/**
 * Saving and loading TensorFlow.js models on disk without `tfjs-node`: a minimal `tf.io.IOHandler` that
 * writes `model.json` (topology + weight manifest) and `weights.bin` into a folder, plus a JSON side file
 * for the forecaster's own settings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import { makeDirs } from '../make-dirs.js';

/** An IOHandler that saves to / loads from `dir` (created if missing). */
export function fileModelHandler(dir: string): io.IOHandler {
  return {
    save: async (artifacts) => {
      makeDirs(dir);
      const weights = artifacts.weightData;
      const bytes = weights instanceof ArrayBuffer ? new Uint8Array(weights) : concat(weights ?? []);
      writeFileSync(join(dir, 'weights.bin'), bytes);
      const manifest = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
    load: async () => {
      const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        convertedBy?: string | null;
        weightsManifest: { weights: io.WeightsManifestEntry[] }[];
      };
      const buf = readFileSync(join(dir, 'weights.bin'));
      return {
        modelTopology: manifest.modelTopology,
        format: manifest.format,
        generatedBy: manifest.generatedBy,
        convertedBy: manifest.convertedBy,
        weightSpecs: manifest.weightsManifest.flatMap((g) => g.weights),
        weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      };
    },
  };
}

/** Writes `meta` as `forecaster.json` beside the model files. */
export function saveMeta(dir: string, meta: object): void {
  makeDirs(dir);
  writeFileSync(join(dir, 'forecaster.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Reads `forecaster.json` from `dir`; throws with the path if it is missing or not JSON. */
export function loadMeta(dir: string): unknown {
  const file = join(dir, 'forecaster.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read forecaster settings ${file}: ${(err as Error).message}`);
  }
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}
