/**
 * Per-window normalisation, shared by training, serving and evaluation so the three can never
 * disagree. A window is the last L log returns in percent before the forecast origin. Its scale s
 * is their root mean square (floored); the network sees r/s and ln s, and predicts in units of s,
 * so one set of weights serves tickers of any volatility.
 */
import { inputWidth, outputWidth, type NetworkSpec } from './spec.js';

/**
 * Writes the inputs of window `w` (returns[start .. start+L)) into row w of `out` (n × (L+1)) and
 * returns the window's scale in percent.
 */
export function writeWindow(spec: NetworkSpec, returnsPct: ArrayLike<number>, start: number, out: Float32Array, w: number): number {
  const L = spec.windowBars;
  let ss = 0;
  for (let j = 0; j < L; j++) ss += returnsPct[start + j] * returnsPct[start + j];
  const scale = Math.max(Math.sqrt(ss / L), spec.minScalePct);
  const row = w * inputWidth(spec);
  for (let j = 0; j < L; j++) out[row + j] = returnsPct[start + j] / scale;
  out[row + L] = Math.log(scale);
  return scale;
}

/** Inputs for n windows packed back to back (n × L returns): (n × (L+1)) inputs and n scales. */
export function windowInputs(spec: NetworkSpec, packedReturnsPct: Float64Array, n: number) {
  const inputs = new Float32Array(n * inputWidth(spec));
  const scales = new Float64Array(n);
  for (let w = 0; w < n; w++) scales[w] = writeWindow(spec, packedReturnsPct, w * spec.windowBars, inputs, w);
  return { inputs, scales };
}

/** log variance ratios are clipped here before exp: e^±12 spans any plausible volatility regime. */
const MAX_LOG_RATIO = 12;

/** What the two heads say for one window, in percent units: n × H each. */
export interface HeadForecast {
  /** Cumulative log-price change from the origin to step k, percent. */
  cumLogChangePct: Float64Array;
  /** Variance of the step-k log return, percent squared. */
  stepVariancePct2: Float64Array;
}

/** Undoes the normalisation of n rows of network output (n × 2H). */
export function decodeOutputs(spec: NetworkSpec, outputs: ArrayLike<number>, scales: Float64Array): HeadForecast {
  const H = spec.horizonBars;
  const n = scales.length;
  const width = outputWidth(spec);
  const cumLogChangePct = new Float64Array(n * H);
  const stepVariancePct2 = new Float64Array(n * H);
  for (let w = 0; w < n; w++) {
    const s = scales[w];
    for (let k = 0; k < H; k++) {
      cumLogChangePct[w * H + k] = outputs[w * width + k] * s;
      const v = Math.min(MAX_LOG_RATIO, Math.max(-MAX_LOG_RATIO, outputs[w * width + H + k]));
      stepVariancePct2[w * H + k] = Math.exp(v) * s * s;
    }
  }
  return { cumLogChangePct, stepVariancePct2 };
}

/** 100·ln(p_t/p_{t-1}) for t = 1..n-1; null when a price is not positive and finite. */
export function logReturnsPct(prices: ArrayLike<number>, from = 0, to = prices.length): Float64Array | null {
  const out = new Float64Array(Math.max(0, to - from - 1));
  for (let t = from + 1; t < to; t++) {
    const a = prices[t - 1];
    const b = prices[t];
    if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) return null;
    out[t - from - 1] = 100 * Math.log(b / a);
  }
  return out;
}
