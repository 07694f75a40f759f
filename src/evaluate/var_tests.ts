/**
 * Value-at-risk backtests on a 0/1 exceedance sequence: Kupiec's proportion-of-failures test and
 * Christoffersen's independence test (first-order Markov alternative). Both are likelihood-ratio
 * statistics, chi-square(1) under the null; 0·ln 0 is taken as 0, so all-zero or all-one sequences
 * give finite statistics.
 */
import { chiSquare1Survival } from '../stats/chi_square.js';

export interface VarBacktest {
  /** Number of forecasts and of exceedances (loss > VaR). */
  n: number;
  exceedances: number;
  /** Expected exceedance probability, 1 − VaR level. */
  expectedRate: number;
  kupiecLr: number;
  kupiecP: number;
  christoffersenLr: number;
  christoffersenP: number;
}

/** k·ln(p), with 0·ln(anything) = 0. */
function xlogy(k: number, p: number): number {
  return k === 0 ? 0 : k * Math.log(p);
}

export function kupiecLr(n: number, x: number, p: number): number {
  if (n === 0) return 0;
  const phat = x / n;
  const lr = -2 * (xlogy(n - x, 1 - p) + xlogy(x, p)) + 2 * (xlogy(n - x, 1 - phat) + xlogy(x, phat));
  return Math.max(0, lr);
}

export function christoffersenLr(hits: readonly number[]): number {
  let n00 = 0, n01 = 0, n10 = 0, n11 = 0;
  for (let t = 1; t < hits.length; t++) {
    if (hits[t - 1] === 0) hits[t] === 0 ? n00++ : n01++;
    else hits[t] === 0 ? n10++ : n11++;
  }
  const total = n00 + n01 + n10 + n11;
  if (total === 0) return 0;
  const pi = (n01 + n11) / total;
  const pi01 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0;
  const pi11 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0;
  const restricted = xlogy(n00 + n10, 1 - pi) + xlogy(n01 + n11, pi);
  const unrestricted = xlogy(n00, 1 - pi01) + xlogy(n01, pi01) + xlogy(n10, 1 - pi11) + xlogy(n11, pi11);
  return Math.max(0, -2 * (restricted - unrestricted));
}

/** Backtest of one-step VaR forecasts at `level` (e.g. 0.99): hits[t] = 1 when the loss exceeded VaR. */
export function varBacktest(hits: readonly number[], level: number): VarBacktest {
  const n = hits.length;
  const x = hits.reduce((a, h) => a + h, 0);
  const expectedRate = 1 - level;
  const kupiec = kupiecLr(n, x, expectedRate);
  const christoffersen = christoffersenLr(hits);
  return {
    n,
    exceedances: x,
    expectedRate,
    kupiecLr: kupiec,
    kupiecP: chiSquare1Survival(kupiec),
    christoffersenLr: christoffersen,
    christoffersenP: chiSquare1Survival(christoffersen),
  };
}
