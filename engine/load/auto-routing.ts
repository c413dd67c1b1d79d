/**
 * The `auto` forecaster's rule, as pure functions: route by horizon (ARIMA for 1–10 min, LSTM for
 * 10–60 min, Prophet beyond an hour) while nothing is known about the series; then forecast with a
 * combination of the `topK` (2) candidates with the lowest recent error on this series at this horizon,
 * weighted by inverse recent mean square error (Bates–Granger; `chooseAutoWeights`). Combining the two
 * best recent performers tracks the best single model more closely than switching between them, and
 * inverse-MSE weights lean towards the clearly better one (measured on the Alibaba v2018 machines,
 * docs/forecasting.md); a model that becomes unstable drops out as soon as its recent error rises.
 * `chooseAutoBlend` (equal weights) and `chooseAutoModel` (routed model unless beaten by a margin) are
 * the earlier rules.
 */
import type { ForecastScoreboard } from './forecast-scoreboard.js';

export type RoutedModel = 'arima' | 'lstm' | 'prophet';

/** Heavy model responsible for a horizon: ≤ 10 min ARIMA, ≤ 60 min LSTM, beyond Prophet. */
export function routeByHorizon(horizonMs: number): RoutedModel {
  if (horizonMs <= 10 * 60_000) return 'arima';
  if (horizonMs <= 60 * 60_000) return 'lstm';
  return 'prophet';
}

export interface AutoChoiceOptions {
  /** Errors a model needs on the scoreboard before it can displace the routed model (default 10). */
  minSamples?: number;
  /** Relative MAE advantage a challenger needs (default 0.02 = 2%). */
  margin?: number;
}

/**
 * Picks the model whose forecast `auto` returns: the routed model, unless a candidate with enough recent
 * errors beats it by `margin`; if the routed model is unavailable, the best scored candidate, else the
 * first candidate. `candidates` must be non-empty.
 */
export function chooseAutoModel(
  routed: string,
  candidates: readonly string[],
  board: ForecastScoreboard,
  horizonSteps: number,
  options: AutoChoiceOptions = {},
): string {
  const minSamples = options.minSamples ?? 10;
  const margin = options.margin ?? 0.02;
  let best: string | undefined;
  let bestMae = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const r = board.recent(c, horizonSteps);
    if (r && r.count >= minSamples && r.ewMae < bestMae) {
      best = c;
      bestMae = r.ewMae;
    }
  }
  const routedScore = board.recent(routed, horizonSteps);
  if (!candidates.includes(routed)) return best ?? candidates[0]!;
  if (!routedScore || routedScore.count < minSamples || best === undefined) return routed;
  return bestMae < routedScore.ewMae * (1 - margin) ? best : routed;
}

export interface AutoBlendOptions {
  /** Errors a candidate needs on the scoreboard to be ranked (default 5). */
  minSamples?: number;
  /** How many of the best-ranked candidates are averaged (default 2). */
  topK?: number;
}

/**
 * The models whose forecasts `auto` averages at `horizonSteps`: the `topK` candidates with the lowest
 * recent exponentially weighted MAE among those with at least `minSamples` errors, best first; while no
 * candidate has enough errors, the routed model alone (or the first candidate if it is unavailable).
 * `candidates` must be non-empty.
 */
export function chooseAutoBlend(
  routed: string,
  candidates: readonly string[],
  board: ForecastScoreboard,
  horizonSteps: number,
  options: AutoBlendOptions = {},
): string[] {
  const minSamples = options.minSamples ?? 5;
  const ranked: [string, number][] = [];
  for (const c of candidates) {
    const r = board.recent(c, horizonSteps);
    if (r && r.count >= minSamples) ranked.push([c, r.ewMae]);
  }
  if (ranked.length === 0) return [candidates.includes(routed) ? routed : candidates[0]!];
  ranked.sort((a, b) => a[1] - b[1]);
  return ranked.slice(0, Math.max(1, options.topK ?? 2)).map(([c]) => c);
}

/**
 * The models `auto` combines at `horizonSteps` and their weights (summing to 1), best first: the `topK`
 * candidates ranked by recent MAE as in `chooseAutoBlend`, weighted by 1 / recent MSE. While no candidate
 * has enough errors: the routed model alone (or the first candidate if it is unavailable).
 */
export function chooseAutoWeights(
  routed: string,
  candidates: readonly string[],
  board: ForecastScoreboard,
  horizonSteps: number,
  options: AutoBlendOptions = {},
): { model: string; weight: number }[] {
  const picks = chooseAutoBlend(routed, candidates, board, horizonSteps, options);
  const inv = picks.map((m) => 1 / Math.max(board.recent(m, horizonSteps)?.ewMse ?? 1, 1e-12));
  const total = inv.reduce((a, b) => a + b, 0);
  return picks.map((model, i) => ({ model, weight: inv[i]! / total }));
}
