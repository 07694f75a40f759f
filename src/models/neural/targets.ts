/**
 * From the heads' log-scale forecasts to the level the service returns. The distributional
 * assumption: the cumulative log-price change to step k is Gaussian with mean μ_k (price head) and
 * variance V_k = Σ_{j≤k} σ²_j (variance head, step returns taken as uncorrelated). So a close price
 * is lognormal: its mean, variance and exact quantile bounds follow in closed form. A series sent
 * as returns gets the per-step return forecast (mean μ_k − μ_{k−1}, variance σ²_k), Gaussian.
 */
import type { FitDetails } from '../model.js';

export interface StepForecast {
  mean: Float64Array;
  variance: Float64Array;
  /** Per level, lower and upper bounds per step (absent: the service's Gaussian mean ± z·sd). */
  intervals?: FitDetails['intervals'];
}

/** `cum` and `stepVar` are one series' H values in percent; the first h steps are used. */
export function closeForecast(lastClose: number, cum: ArrayLike<number>, stepVar: ArrayLike<number>, h: number, z: number[]): StepForecast {
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const lower = z.map(() => new Array<number>(h));
  const upper = z.map(() => new Array<number>(h));
  let v = 0;
  for (let k = 0; k < h; k++) {
    const mu = cum[k] / 100;
    v += stepVar[k] / 1e4;
    mean[k] = lastClose * Math.exp(mu + v / 2);
    variance[k] = lastClose * lastClose * Math.exp(2 * mu + v) * Math.expm1(v);
    const sd = Math.sqrt(v);
    z.forEach((zj, j) => {
      lower[j][k] = lastClose * Math.exp(mu - zj * sd);
      upper[j][k] = lastClose * Math.exp(mu + zj * sd);
    });
  }
  return { mean, variance, intervals: z.map((_, j) => ({ lower: lower[j], upper: upper[j] })) };
}

export function returnForecast(cum: ArrayLike<number>, stepVar: ArrayLike<number>, h: number): StepForecast {
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  for (let k = 0; k < h; k++) {
    mean[k] = cum[k] - (k > 0 ? cum[k - 1] : 0);
    variance[k] = stepVar[k];
  }
  return { mean, variance };
}
