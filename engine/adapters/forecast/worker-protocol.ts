/** Messages between `ForecastService` (main thread) and `worker-main.ts` (forecasting worker). */
import type { ArimaOptions } from './arima-forecaster.js';
import type { CacheBuffers } from './forecast-cache.js';

export type LiveModel = 'naive' | 'ma5' | 'seasonal-naive' | 'arima' | 'lstm';

export interface WorkerInit {
  buffers: CacheBuffers;
  model: LiveModel;
  stepMs: number;
  /** Folder of a saved LSTM (required for `lstm`). */
  lstmModelDir?: string | undefined;
  /** Per-refresh time budget for per-agent models (ms); agents not reached keep their last forecast. */
  refreshBudgetMs?: number | undefined;
  /** ARIMA settings for the live models (defaults: `liveArimaOptions` in arima-forecaster.ts). */
  arima?: ArimaOptions | undefined;
  /** ARIMA: refit an agent's coefficients in the background after this many new observations (default 60). */
  refitEverySteps?: number | undefined;
  /**
   * ARIMA: select an agent's model again (order, aggregation, window, as in its first fit) once this many
   * observations arrived since the last selection (default: the history capacity, i.e. once none of the
   * data the model was selected on is left in the window; at least `refitEverySteps`).
   */
  reselectEverySteps?: number | undefined;
}

export type ToWorker = { type: 'refresh'; id: number } | { type: 'stop' };

export interface RefreshStats {
  id: number;
  /** Worker wall time for the refresh (ms). */
  elapsedMs: number;
  /** Agents whose forecast was republished. */
  refreshed: number;
  /** Agents skipped: too little history yet, or the time budget ran out. */
  skipped: number;
  /**
   * Agents forecast by their own fitted model (the others got the naive fallback: too little history,
   * or, for ARIMA, not fitted in the background yet).
   */
  modelled: number;
  /** ARIMA: full model selections (first fits and reselections) made in the background so far. */
  selections: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'refreshed'; stats: RefreshStats }
  | { type: 'error'; message: string; id?: number };
