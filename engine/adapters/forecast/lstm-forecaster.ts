/**
 * LSTM forecaster (`@tensorflow/tfjs` on the wasm backend) for 10–60 minute horizons.
 *
 * Training is the expensive, asynchronous step and runs off the decision path (`train`, or `fit` the
 * first time); `update` only re-conditions the model on the latest window and `forecast` runs one
 * synchronous forward pass. One network predicts all `outputSteps` ahead at once (direct multi-output).
 * A model trained on several series (`train([...])`) serves all of them, and `predictBatch` forecasts
 * many series in one pass — how the live worker refreshes 1,000 agents. Models are saved to and loaded
 * from a folder (`save`, `LstmForecaster.load`). Intervals: per-step normal intervals from residuals on
 * a held-out tail of the training data. Weights are initialised and samples shuffled from `seed`.
 */

import { type Forecast, type Forecaster, withNormalIntervals } from '../../load/forecaster.js';
import { detectPeriod } from '../../load/period-detection.js';
import { stdOf, type TimeSeries } from '../../load/time-series.js';
import { createRandom } from '../../model/random.js';
import { encodeWindow, featureCount, type LstmEncoding, timesteps } from './lstm-features.js';
import { fileModelHandler, loadMeta, saveMeta } from './model-store.js';
import { ensureTfBackend, tf } from './tf-backend.js';

export interface LstmOptions {
  /** Raw points each input window covers (default 120); a multiple of `aggregate`. */
  lookback?: number;
  /** Raw points averaged into one timestep (default 5). */
  aggregate?: number;
  /** Steps predicted at once; `forecast(h)` needs h ≤ this (default 60). */
  outputSteps?: number;
  units?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Training windows drawn per `train` call, evenly spaced (default 2,000). */
  maxSamples?: number;
  /** Share of each series' windows (its most recent) held out to estimate interval widths (default 0.15). */
  validationFraction?: number;
  /** Seasonal period in steps for phase features; 0: detect (default); -1: none. */
  period?: number;
  maxPeriod?: number;
  seed?: number;
  level?: number;
  /** Scale each input window by its own standard deviation (default true; see `lstm-features.ts`). */
  windowScale?: boolean;
  /**
   * Level-shift threshold for the window's inputs in pooled standard deviations (default 6; 0: off; see
   * `lstm-features.ts`). On the Alibaba v2018 machines it took the LSTM at 30 min on m_1932 (a jump from
   * ~35% to ~88% CPU) from +6.3% to +15.0% MAE against naive; thresholds 4 and 8 gave +13.5 / +14.0%.
   */
  shiftAdjust?: number;
}

type Settings = Required<LstmOptions>;

const DEFAULTS: Settings = {
  lookback: 120,
  aggregate: 5,
  outputSteps: 60,
  units: 16,
  epochs: 10,
  batchSize: 64,
  learningRate: 0.005,
  maxSamples: 2000,
  validationFraction: 0.15,
  period: 0,
  maxPeriod: 1440,
  seed: 1,
  level: 0.8,
  windowScale: true,
  shiftAdjust: 6,
};

interface Trained {
  model: tf.LayersModel;
  enc: LstmEncoding;
  sigma: Float64Array;
}

export class LstmForecaster implements Forecaster {
  readonly name = 'lstm';
  readonly minLength: number;
  private readonly settings: Settings;
  private trained: Trained | undefined;
  private context: TimeSeries | undefined;

  constructor(options: LstmOptions = {}) {
    this.settings = { ...DEFAULTS, ...options };
    const s = this.settings;
    if (s.lookback % s.aggregate !== 0)
      throw new Error(`lstm: lookback ${s.lookback} is not a multiple of aggregate ${s.aggregate}`);
    this.minLength = s.lookback + s.outputSteps + 20;
  }

  /** Points of history one forecast reads. */
  get lookback(): number {
    return this.settings.lookback;
  }

  /** True once a model is trained or loaded. */
  get isTrained(): boolean {
    return this.trained !== undefined;
  }

  /** Trains on `series` unless a model is already trained or loaded, then conditions on its end. */
  async fit(series: TimeSeries): Promise<void> {
    if (!this.trained) await this.train([series]);
    this.update(series);
  }

  /** Conditions the trained model on the newer series (no training). Throws if never trained. */
  update(series: TimeSeries): void {
    if (!this.trained) throw new Error('lstm: update before train (call fit or train first)');
    if (series.values.length < this.settings.lookback) {
      throw new Error(
        `lstm: needs at least ${this.settings.lookback} points to forecast, got ${series.values.length}`,
      );
    }
    this.context = series;
  }

  /** One forward pass; `horizonSteps` must not exceed `outputSteps`. */
  forecast(horizonSteps: number): Forecast {
    if (!this.context) throw new Error('lstm: forecast before fit');
    const [point] = this.predictBatch([this.context], horizonSteps);
    const sigma = this.trained!.sigma;
    return withNormalIntervals(point!, (k) => sigma[k] ?? sigma[sigma.length - 1] ?? 0, this.settings.level);
  }

  /** Forecasts `horizonSteps` after the end of each series in one batched pass (same order). */
  predictBatch(seriesList: readonly TimeSeries[], horizonSteps: number): Float64Array[] {
    const t = this.trained;
    if (!t) throw new Error('lstm: predict before train');
    if (horizonSteps > this.settings.outputSteps) {
      throw new Error(
        `lstm: horizon ${horizonSteps} steps exceeds the model's ${this.settings.outputSteps} output steps`,
      );
    }
    const steps = timesteps(t.enc);
    const f = featureCount(t.enc);
    const input = new Float32Array(seriesList.length * steps * f);
    const norms = seriesList.map((s, i) => encodeWindow(s, s.values.length - 1, t.enc, input, i * steps * f));
    const out = tf.tidy(() => {
      const x = tf.tensor3d(input, [seriesList.length, steps, f]);
      return (t.model.predict(x) as tf.Tensor).dataSync();
    });
    const width = this.settings.outputSteps;
    return norms.map(({ anchor, scale }, i) => {
      const row = new Float64Array(horizonSteps);
      for (let k = 0; k < horizonSteps; k++) row[k] = anchor + out[i * width + k]! * scale;
      return row;
    });
  }

  /** Trains a fresh model on windows drawn from all `seriesList` (asynchronous, seconds to minutes). */
  async train(seriesList: readonly TimeSeries[]): Promise<void> {
    await ensureTfBackend();
    const s = this.settings;
    const usable = seriesList.filter((x) => x.values.length >= this.minLength);
    if (usable.length === 0)
      throw new Error(`lstm: needs a series of at least ${this.minLength} points to train`);
    const enc = this.encoding(usable);
    const { train, valid } = this.sampleWindows(usable);
    const model = this.buildModel(enc);
    const [xs, ys] = this.tensors(usable, train, enc);
    await model.fit(xs, ys, { epochs: s.epochs, batchSize: s.batchSize, shuffle: false, verbose: 0 });
    tf.dispose([xs, ys]);
    this.trained?.model.dispose();
    this.trained = { model, enc, sigma: new Float64Array(0) };
    this.trained.sigma = this.validationSigma(usable, valid);
  }

  /** Saves the model and its settings into `dir` (created if needed). */
  async save(dir: string): Promise<void> {
    if (!this.trained) throw new Error('lstm: nothing to save, the model is not trained');
    await this.trained.model.save(fileModelHandler(dir));
    saveMeta(dir, {
      kind: 'lstm',
      settings: this.settings,
      enc: this.trained.enc,
      sigma: Array.from(this.trained.sigma),
    });
  }

  /** Loads a model saved by `save`; throws naming the folder if it is missing or not an LSTM forecaster. */
  static async load(dir: string): Promise<LstmForecaster> {
    await ensureTfBackend();
    const meta = loadMeta(dir) as { kind?: string; settings: Settings; enc: LstmEncoding; sigma: number[] };
    if (meta.kind !== 'lstm') throw new Error(`${dir}: not an LSTM forecaster (kind ${String(meta.kind)})`);
    const f = new LstmForecaster(meta.settings);
    const model = await tf.loadLayersModel(fileModelHandler(dir));
    f.trained = { model, enc: meta.enc, sigma: Float64Array.from(meta.sigma) };
    return f;
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.trained?.model.dispose();
    this.trained = undefined;
  }

  private encoding(seriesList: readonly TimeSeries[]): LstmEncoding {
    const s = this.settings;
    const period = s.period < 0 ? 0 : s.period > 0 ? s.period : sharedPeriod(seriesList, s.maxPeriod);
    const stds = seriesList.map((x) => stdOf(x.values)).sort((a, b) => a - b);
    const scale = Math.max(stds[Math.floor(stds.length / 2)]!, 1e-6);
    return {
      lookback: s.lookback,
      aggregate: s.aggregate,
      period,
      scale,
      windowScale: s.windowScale,
      ...(s.shiftAdjust > 0 ? { shiftAdjust: s.shiftAdjust } : {}),
    };
  }

  /** Window end indices per series, evenly spaced; the most recent `validationFraction` held out. */
  private sampleWindows(seriesList: readonly TimeSeries[]): {
    train: [number, number][];
    valid: [number, number][];
  } {
    const s = this.settings;
    const counts = seriesList.map((x) => x.values.length - s.lookback - s.outputSteps + 1);
    const total = counts.reduce((a, b) => a + b, 0);
    const stride = Math.max(1, Math.ceil(total / s.maxSamples));
    const train: [number, number][] = [];
    const valid: [number, number][] = [];
    seriesList.forEach((_, si) => {
      const count = counts[si]!;
      const cut = Math.floor(count * (1 - s.validationFraction));
      for (let i = 0; i < count; i += stride) (i < cut ? train : valid).push([si, s.lookback - 1 + i]);
    });
    shuffleInPlace(train, createRandom(s.seed).fork('lstm-shuffle'));
    return { train, valid };
  }

  private tensors(
    seriesList: readonly TimeSeries[],
    windows: [number, number][],
    enc: LstmEncoding,
  ): [tf.Tensor3D, tf.Tensor2D] {
    const steps = timesteps(enc);
    const f = featureCount(enc);
    const h = this.settings.outputSteps;
    const x = new Float32Array(windows.length * steps * f);
    const y = new Float32Array(windows.length * h);
    windows.forEach(([si, end], i) => {
      const series = seriesList[si]!;
      const { anchor, scale } = encodeWindow(series, end, enc, x, i * steps * f);
      for (let k = 0; k < h; k++) y[i * h + k] = (series.values[end + 1 + k]! - anchor) / scale;
    });
    return [tf.tensor3d(x, [windows.length, steps, f]), tf.tensor2d(y, [windows.length, h])];
  }

  private buildModel(enc: LstmEncoding): tf.LayersModel {
    const s = this.settings;
    const model = tf.sequential();
    model.add(
      tf.layers.lstm({
        units: s.units,
        inputShape: [timesteps(enc), featureCount(enc)],
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.seed }),
        recurrentInitializer: tf.initializers.orthogonal({ seed: s.seed + 1 }),
      }),
    );
    model.add(
      tf.layers.dense({
        units: s.outputSteps,
        kernelInitializer: tf.initializers.glorotUniform({ seed: s.seed + 2 }),
      }),
    );
    model.compile({ optimizer: tf.train.adam(s.learningRate), loss: 'meanSquaredError' });
    return model;
  }

  private validationSigma(seriesList: readonly TimeSeries[], valid: [number, number][]): Float64Array {
    const h = this.settings.outputSteps;
    const sq = new Float64Array(h);
    if (valid.length === 0) return sq;
    const heads = valid.map(([si, end]) => {
      const s = seriesList[si]!;
      return { ...s, values: s.values.subarray(0, end + 1) };
    });
    const preds = this.predictBatch(heads, h);
    valid.forEach(([si, end], i) => {
      const v = seriesList[si]!.values;
      for (let k = 0; k < h; k++) sq[k]! += (preds[i]![k]! - v[end + 1 + k]!) ** 2;
    });
    return sq.map((x) => Math.sqrt(x / valid.length));
  }
}

/**
 * The seasonal period the phase features use for a model shared by `seriesList`: the median of the
 * periods detected on the series that have one, if at least half of them do (else 0). Detecting on the
 * first series alone gave no phase features whenever that one series was aperiodic (on the Alibaba v2018
 * machines, the first of ten has no daily cycle while eight do).
 */
export function sharedPeriod(seriesList: readonly TimeSeries[], maxPeriod: number): number {
  const found = seriesList
    .map((x) => detectPeriod(x.values, { maxLag: maxPeriod, minAcf: 0.3 }))
    .filter((p) => p > 0)
    .sort((a, b) => a - b);
  if (found.length === 0 || 2 * found.length < seriesList.length) return 0;
  return found[Math.floor((found.length - 1) / 2)]!;
}

function shuffleInPlace<T>(items: T[], random: { int(n: number): number }): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
