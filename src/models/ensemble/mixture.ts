/**
 * The predictive distribution of an ensemble: the weighted mixture of its members' Gaussian
 * predictive distributions N(μ_m, σ²_m). Mean and variance are exact (law of total variance);
 * quantiles solve Σ w_m Φ((x − μ_m)/σ_m) = p by bisection to ~1e-12 of the bracket.
 */
import { erfc } from '../../stats/chi_square.js';

const normalCdf = (z: number) => 0.5 * erfc(-z / Math.SQRT2);

export interface Component {
  weight: number;
  mean: number;
  variance: number;
}

export function mixtureMean(c: readonly Component[]): number {
  return c.reduce((s, x) => s + x.weight * x.mean, 0);
}

export function mixtureVariance(c: readonly Component[]): number {
  const mu = mixtureMean(c);
  return Math.max(0, c.reduce((s, x) => s + x.weight * (x.variance + x.mean * x.mean), 0) - mu * mu);
}

export function mixtureCdf(c: readonly Component[], x: number): number {
  let p = 0;
  for (const k of c) {
    const sd = Math.sqrt(k.variance);
    p += k.weight * (sd > 0 ? normalCdf((x - k.mean) / sd) : x >= k.mean ? 1 : 0);
  }
  return p;
}

export function mixtureQuantile(c: readonly Component[], p: number): number {
  const live = c.filter((k) => k.weight > 0);
  let lo = Math.min(...live.map((k) => k.mean - 40 * Math.sqrt(k.variance))) - 1e-9;
  let hi = Math.max(...live.map((k) => k.mean + 40 * Math.sqrt(k.variance))) + 1e-9;
  const tol = 1e-12 * Math.max(1, hi - lo);
  for (let it = 0; it < 200 && hi - lo > tol; it++) {
    const mid = 0.5 * (lo + hi);
    if (mixtureCdf(live, mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
