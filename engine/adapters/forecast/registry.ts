/**
 * Forecasters by command-line name. Names: `naive`, `seasonal-naive` (alias `snaive`), `ma<N>` (moving
 * average over N points; `ma` = `ma5`), `arima`, `lstm`, `prophet`, `auto`.
 */
import type { Forecaster } from '../../load/forecaster.js';
import { MovingAverageForecaster } from '../../load/moving-average-forecaster.js';
import { NaiveForecaster } from '../../load/naive-forecaster.js';
import { SeasonalNaiveForecaster } from '../../load/seasonal-naive-forecaster.js';
import { ArimaForecaster, type ArimaOptions } from './arima-forecaster.js';
import { LstmForecaster, type LstmOptions } from './lstm-forecaster.js';
import { MODEL_NAMES } from './model-names.js';
import { ProphetForecaster, type ProphetOptions } from './prophet-forecaster.js';

export { canonicalModelName, MODEL_NAMES } from './model-names.js';

export interface ModelSettings {
  arima?: ArimaOptions;
  lstm?: LstmOptions;
  prophet?: ProphetOptions;
}

/**
 * A new forecaster for a canonical name other than `auto` (which is a policy over other models, see
 * `auto-forecaster.ts`). Throws on an unknown name.
 */
export function createForecaster(name: string, settings: ModelSettings = {}): Forecaster {
  if (name === 'naive') return new NaiveForecaster();
  if (name === 'seasonal-naive') return new SeasonalNaiveForecaster({ maxPeriod: 1440 });
  if (name.startsWith('ma')) return new MovingAverageForecaster(Number(name.slice(2)));
  if (name === 'arima') return new ArimaForecaster(settings.arima);
  if (name === 'lstm') return new LstmForecaster(settings.lstm);
  if (name === 'prophet') return new ProphetForecaster(settings.prophet);
  throw new Error(`unknown forecasting model '${name}' (expected one of ${MODEL_NAMES.join(', ')})`);
}

/** Releases wasm/tensor memory held by a forecaster, if it holds any. */
export function disposeForecaster(f: Forecaster): void {
  (f as { dispose?: () => void }).dispose?.();
}
