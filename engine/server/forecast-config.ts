/**
 * The live server's `forecast` config section. Absent: no forecasting (the default: no worker thread,
 * nothing added to server start). Present: a worker thread forecasts every agent's CPU from its
 * heartbeats (see forecasting.ts), e.g.
 *
 *   forecast: { model: ma5, stepMs: 60000, horizonSteps: 5 }
 */
import type { LiveModel } from '../adapters/forecast/worker-protocol.js';
import { ConfigError } from './config.js';

export interface ForecastConfig {
  /** Per-agent model: naive, ma5, seasonal-naive, arima (cached, refitted in the background) or lstm. */
  model: LiveModel;
  /** Forecast grid: heartbeats are averaged per step, and the forecasts refreshed every step. */
  stepMs: number;
  /** Steps forecast; the core gets the mean of steps 1…horizonSteps as the agent's predicted load. */
  horizonSteps: number;
  /** Observations kept per agent. */
  capacity: number;
  /** Agents forecast (the first to heartbeat); later ones get none. */
  agentsMax: number;
  /** Folder of an LSTM saved by `LstmForecaster.save` (required for `lstm`). */
  lstmModelDir?: string | undefined;
}

const MODELS: readonly LiveModel[] = ['naive', 'ma5', 'seasonal-naive', 'arima', 'lstm'];

export const DEFAULT_FORECAST: Omit<ForecastConfig, 'model'> = {
  stepMs: 60_000,
  horizonSteps: 5,
  capacity: 240,
  agentsMax: 2_000,
};

/** Validates the `forecast` section (undefined when absent); errors name the field and the value. */
export function parseForecastConfig(v: unknown): ForecastConfig | undefined {
  if (v === undefined || v === null || v === false) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ConfigError('forecast: expected an object');
  const o = v as Record<string, unknown>;
  const known = ['model', 'lstmModelDir', ...Object.keys(DEFAULT_FORECAST)];
  for (const key of Object.keys(o)) {
    if (!known.includes(key))
      throw new ConfigError(`forecast.${key}: unknown field (known: ${known.join(', ')})`);
  }
  const model = o.model ?? 'ma5';
  if (typeof model !== 'string' || !MODELS.includes(model as LiveModel)) {
    throw new ConfigError(
      `forecast.model: expected one of ${MODELS.join(', ')}, got ${JSON.stringify(model)}`,
    );
  }
  const int = (key: keyof typeof DEFAULT_FORECAST, min: number, max: number): number => {
    const x = o[key] ?? DEFAULT_FORECAST[key];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
      throw new ConfigError(
        `forecast.${key}: expected an integer in [${min}, ${max}], got ${JSON.stringify(x)}`,
      );
    }
    return x;
  };
  const lstmModelDir = o.lstmModelDir;
  if (lstmModelDir !== undefined && (typeof lstmModelDir !== 'string' || lstmModelDir === '')) {
    throw new ConfigError(
      `forecast.lstmModelDir: expected a folder path, got ${JSON.stringify(lstmModelDir)}`,
    );
  }
  if (model === 'lstm' && lstmModelDir === undefined) {
    throw new ConfigError(
      'forecast.lstmModelDir: required for model lstm (a folder saved by the LSTM forecaster)',
    );
  }
  return {
    model: model as LiveModel,
    stepMs: int('stepMs', 50, 86_400_000),
    horizonSteps: int('horizonSteps', 1, 1440),
    capacity: int('capacity', 8, 100_000),
    agentsMax: int('agentsMax', 1, 1_000_000),
    lstmModelDir,
  };
}
