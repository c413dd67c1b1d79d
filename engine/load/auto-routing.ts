/**
 * The `auto` forecaster's rule, as pure functions: route by horizon (ARIMA for 1–10 min, LSTM for
 * 10–60 min, Prophet beyond an hour) while nothing is known about the series; then forecast with the two
 * candidates that have the lowest recent error on this series at this horizon (the best recent performer
 * and the runner-up), combined with the variance-minimising weights of Bates & Granger (1969) for two
 * forecasts whose errors are correlated (`chooseAutoWeights`):
 *
 *   w₂ = max(0, (σ₁² − ρσ₁σ₂) / (σ₁² + σ₂² − 2ρσ₁σ₂)),  w₁ = 1 − w₂,
 *
 * σ₁ ≤ σ₂ estimated by the recent exponentially weighted MAE, ρ a fixed error correlation (0.9, the median
 * over the training parts of the Alibaba v2018 machines and v2017 series, docs/forecasting.md Update 6).
 * Equal errors get equal weights; the runner-up's weight falls as it gets worse and is 0 once
 * σ₂ / σ₁ ≥ 1 / ρ (≈ 11% worse): then auto is the best recent performer alone. With ρ = 0 these are
 * inverse-variance weights, as in the former rule (1 / recent MSE), which ignored that the models' errors
 * move together and so gave a clearly worse runner-up a large weight (15% worse: 43%). A model that
 * becomes unstable drops out as soon as its recent error rises. `chooseAutoBlend` (equal weights) and
 * `chooseAutoModel` (routed model unless beaten by a margin) are earlier rules.
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

export interface AutoWeightOptions {
  /** Errors a candidate needs on the scoreboard to be ranked (default 5). */
  minSamples?: number;
  /**
   * Assumed correlation ρ of the two candidates' forecast errors (default `AUTO_ERROR_CORRELATION`, 0.9);
   * 0 gives inverse-variance weights (the rule before Update 6).
   */
  correlation?: number;
}

/** Default ρ of `chooseAutoWeights`: median error correlation of the two best models on training data. */
export const AUTO_ERROR_CORRELATION = 0.9;

/**
 * Weight of the runner-up in the variance-minimising combination of two forecasts with error scales
 * `s1` ≤ `s2` and error correlation `rho`, clipped at 0 (it is 0.5 for equal scales, 0 from s2/s1 ≥ 1/ρ).
 */
export function runnerUpWeight(s1: number, s2: number, rho: number): number {
  const den = s1 * s1 + s2 * s2 - 2 * rho * s1 * s2;
  if (!(den > 1e-300)) return s1 === s2 ? 0.5 : 0;
  return Math.min(0.5, Math.max(0, (s1 * s1 - rho * s1 * s2) / den));
}

/**
 * The models `auto` combines at `horizonSteps` and their weights (summing to 1), best first: the two
 * candidates ranked by recent MAE as in `chooseAutoBlend`, the runner-up weighted by `runnerUpWeight`
 * with the recent EW MAEs as error scales, and left out when its weight is 0. While no candidate has
 * enough errors: the routed model alone (or the first candidate if it is unavailable).
 */
export function chooseAutoWeights(
  routed: string,
  candidates: readonly string[],
  board: ForecastScoreboard,
  horizonSteps: number,
  options: AutoWeightOptions = {},
): { model: string; weight: number }[] {
  const blend = options.minSamples === undefined ? {} : { minSamples: options.minSamples };
  const picks = chooseAutoBlend(routed, candidates, board, horizonSteps, { ...blend, topK: 2 });
  if (picks.length < 2) return [{ model: picks[0]!, weight: 1 }];
  const s1 = board.recent(picks[0]!, horizonSteps)!.ewMae;
  const s2 = board.recent(picks[1]!, horizonSteps)!.ewMae;
  const w2 = runnerUpWeight(s1, s2, options.correlation ?? AUTO_ERROR_CORRELATION);
  if (w2 <= 0) return [{ model: picks[0]!, weight: 1 }];
  return [
    { model: picks[0]!, weight: 1 - w2 },
    { model: picks[1]!, weight: w2 },
  ];
}
