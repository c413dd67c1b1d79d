import { describe, expect, it } from 'vitest';
import { ForecastScoreboard } from '../../../engine/load/forecast-scoreboard.js';

describe('forecast scoreboard weighted by age', () => {
  it('remembers the same span of time whether errors come every step or every 17 steps', () => {
    // Error 4 until step 3,000, then 1: after 1,000 more steps both boards have forgotten about as much.
    const dense = new ForecastScoreboard(1000);
    const sparse = new ForecastScoreboard(1000);
    for (let t = 0; t <= 4000; t++) {
      const err = t < 3000 ? 4 : 1;
      dense.record('m', 5, err, t);
      if (t % 17 === 0) sparse.record('m', 5, err, t);
    }
    const d = dense.recent('m', 5)!.ewMae;
    const s = sparse.recent('m', 5)!.ewMae;
    expect(d).toBeGreaterThan(1.3);
    expect(d).toBeLessThan(1.6);
    expect(Math.abs(d - s)).toBeLessThan(0.1);
    // Counted in errors, the dense board would have forgotten the old regime almost completely.
    const counted = new ForecastScoreboard(60);
    for (let t = 0; t <= 4000; t++) counted.record('m', 5, t < 3000 ? 4 : 1);
    expect(counted.recent('m', 5)!.ewMae).toBeLessThan(1.001);
  });

  it('weighs errors known at the same step equally, and keeps MSE beside MAE', () => {
    const b = new ForecastScoreboard(100);
    b.record('m', 1, 1, 10);
    b.record('m', 1, 3, 10);
    expect(b.recent('m', 1)).toEqual({ ewMae: 2, ewMse: 5, count: 2 });
    expect(b.recent('other', 1)).toBeUndefined();
  });
});
