/**
 * Forecast scores shared by `npm run train` (validation) and bench/neural/evaluate.mjs (test).
 * Price forecasts are cumulative log-price changes in percent (random walk: 0); variance forecasts
 * are of the H-step realized variance, the sum of the squared step returns.
 */

/** Patton's QLIKE, RV/F − ln(RV/F) − 1 (0 for a perfect forecast); origins with RV = 0 are skipped. */
export function qlike(realized: ArrayLike<number>, forecast: ArrayLike<number>): { mean: number; used: number } {
  let sum = 0;
  let used = 0;
  for (let i = 0; i < realized.length; i++) {
    if (!(realized[i] > 0)) continue;
    const ratio = realized[i] / forecast[i];
    sum += ratio - Math.log(ratio) - 1;
    used++;
  }
  return { mean: sum / used, used };
}

export function mse(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - forecast[i]) ** 2;
  return sum / actual.length;
}

/** RMSE of the forecast over the RMSE of the random walk (whose log-change forecast is 0). */
export function rmseRatioVsRandomWalk(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let model = 0;
  let rw = 0;
  for (let i = 0; i < actual.length; i++) {
    model += (actual[i] - forecast[i]) ** 2;
    rw += actual[i] ** 2;
  }
  return Math.sqrt(model / rw);
}

/**
 * MASE: mean absolute error over `scale` per observation (the in-sample mean absolute one-step
 * change of its series, Hyndman & Koehler 2006).
 */
export function mase(actual: ArrayLike<number>, forecast: ArrayLike<number>, scale: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]) / scale[i];
  return sum / actual.length;
}

/** Share of non-zero outcomes whose sign the forecast got right (a zero forecast counts as wrong). */
export function directionalAccuracy(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let right = 0;
  let counted = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === 0) continue;
    counted++;
    if (Math.sign(actual[i]) === Math.sign(forecast[i])) right++;
  }
  return right / counted;
}

/**
 * EWMA next-step variance at origin t exactly as the service's ewma kernel computes it on the
 * prefix returns[0, t): seeded with the prefix's mean square, then λ-recursed over the prefix.
 * Returns one value per origin in `ts` (ascending), in O(n) for the whole series.
 */
export function ewmaAtOrigins(returnsPct: ArrayLike<number>, ts: number[], lambda: number): Float64Array {
  const out = new Float64Array(ts.length);
  let sumSq = 0;
  let decayed = 0; // Σ_{j<t} (1−λ) λ^{t−1−j} r_j²
  let lambdaPow = 1; // λ^t
  let t = 0;
  ts.forEach((origin, i) => {
    for (; t < origin; t++) {
      const r2 = returnsPct[t] * returnsPct[t];
      sumSq += r2;
      decayed = lambda * decayed + (1 - lambda) * r2;
      lambdaPow *= lambda;
    }
    out[i] = lambdaPow * (sumSq / origin) + decayed;
  });
  return out;
}
