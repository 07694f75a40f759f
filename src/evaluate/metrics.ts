/**
 * Forecast accuracy over rolling origins, for one ticker × model × horizon step. Inputs are one value
 * per origin. Definitions (docs/evaluate.md):
 *   RMSE, MAE           of e = y − f
 *   MASE                mean over origins of |e| / s, s = the training window's in-sample MAE of the
 *                       one-step naive forecast (Hyndman & Koehler 2006), per origin
 *   sMAPE               mean of 200·|e| / (|y| + |f|), in percent (a 0/0 term counts as 0)
 *   coverage            share of origins with lower <= y <= upper
 *   QLIKE               mean of ln σ² + y²/σ² against the squared realised return (Patton 2011's
 *                       robust loss, up to a constant); MSE of σ² against y²
 */

export function rmse(y: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - f[i]) ** 2;
  return Math.sqrt(s / y.length);
}

export function mae(y: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i] - f[i]);
  return s / y.length;
}

/** scale[i]: the origin's naive-forecast MAE; an origin with scale 0 (a constant window) is skipped. */
export function mase(y: ArrayLike<number>, f: ArrayLike<number>, scale: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (!(scale[i] > 0)) continue;
    s += Math.abs(y[i] - f[i]) / scale[i];
    n++;
  }
  return n > 0 ? s / n : 0;
}

export function smape(y: ArrayLike<number>, f: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const d = Math.abs(y[i]) + Math.abs(f[i]);
    if (d > 0) s += (200 * Math.abs(y[i] - f[i])) / d;
  }
  return s / y.length;
}

export function coverage(y: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (y[i] >= lower[i] && y[i] <= upper[i]) hit++;
  return hit / y.length;
}

/** Share of origins where sign(forecast change) equals sign(realised change); a zero call is a miss. */
export function directionalAccuracy(realisedChange: ArrayLike<number>, forecastChange: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < realisedChange.length; i++) {
    if (Math.sign(realisedChange[i]) * Math.sign(forecastChange[i]) > 0) hit++;
  }
  return hit / realisedChange.length;
}

export function qlike(y: ArrayLike<number>, sigma2: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.log(sigma2[i]) + (y[i] * y[i]) / sigma2[i];
  return s / y.length;
}

export function varianceMse(y: ArrayLike<number>, sigma2: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] * y[i] - sigma2[i]) ** 2;
  return s / y.length;
}

/** In-sample MAE of the one-step naive forecast over x[begin..end): the MASE scale. */
export function naiveScale(x: ArrayLike<number>, begin: number, end: number): number {
  let s = 0;
  for (let t = begin + 1; t < end; t++) s += Math.abs(x[t] - x[t - 1]);
  return end - begin > 1 ? s / (end - begin - 1) : 0;
}
