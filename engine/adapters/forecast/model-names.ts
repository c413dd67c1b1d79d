/**
 * Forecasting model names as the command line spells them, without loading any model: `predict --help`
 * and argument checks need them, and the models (TensorFlow.js, Prophet's WASM) take ~0.25 s to load.
 */
export const MODEL_NAMES = ['naive', 'seasonal-naive', 'ma<N>', 'arima', 'lstm', 'prophet', 'auto'] as const;

/**
 * The canonical name of a model spec (`snaive` → `seasonal-naive`, `ma` → `ma5`), or undefined if the
 * spec names no known model.
 */
export function canonicalModelName(spec: string): string | undefined {
  const s = spec.trim().toLowerCase();
  if (s === 'snaive' || s === 'seasonal-naive') return 'seasonal-naive';
  if (s === 'ma') return 'ma5';
  if (/^ma[1-9]\d{0,3}$/.test(s)) return s;
  return ['naive', 'arima', 'lstm', 'prophet', 'auto'].includes(s) ? s : undefined;
}
