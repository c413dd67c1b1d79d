/** Pareto dominance over minimised objectives (makespan, energy, utilisation CV …). */

/** True when `a` is no worse than `b` in every objective and better in one (all minimised). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/** Indices of the points no other point dominates. */
export function paretoFront(points: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (!points.some((q, j) => j !== i && dominates(q, p))) out.push(i);
  });
  return out;
}
