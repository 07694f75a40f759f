/**
 * Training data for the global model: every ticker's log returns, cut in time into train,
 * validation and test (the last holdoutFraction of every series, never trained on), and the
 * windows (forecast origins) of each part.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../preprocess/csv.js';
import { logReturnsPct, writeWindow } from './features.js';
import { inputWidth, type NetworkSpec, type TrainingSpec } from './spec.js';

export interface TickerReturns {
  ticker: string;
  closes: Float64Array;
  /** 100·ln(p_t/p_{t-1}), length closes − 1. */
  returnsPct: Float64Array;
  /** Return index where validation origins start, and where the held-out test range starts. */
  validationStart: number;
  testStart: number;
}

/** A forecast origin: the window is returns[t−L, t), the targets returns[t, t+H). */
export interface Origin {
  series: number;
  t: number;
}

export type Split = 'train' | 'validation' | 'test';

export function loadTickers(files: string[], training: Pick<TrainingSpec, 'holdoutFraction' | 'validationFraction'>): TickerReturns[] {
  const out: TickerReturns[] = [];
  for (const file of files) {
    for (const s of parseCsv(readFileSync(file, 'utf8'))) {
      const closes = s.columns.close;
      if (!closes) throw new Error(`${file} (${s.ticker}): no close column`);
      // parseCsv keeps file order; the sample files are sorted by date within a ticker.
      const returnsPct = logReturnsPct(closes);
      if (!returnsPct) throw new Error(`${file} (${s.ticker}): a close price is not positive and finite`);
      const n = returnsPct.length;
      out.push({
        ticker: s.ticker,
        closes,
        returnsPct,
        testStart: Math.floor(n * (1 - training.holdoutFraction)),
        validationStart: Math.floor(n * (1 - training.holdoutFraction - training.validationFraction)),
      });
    }
  }
  // Fixed data order whatever the file order: by ticker.
  return out.sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
}

/** Origins of a split whose window and targets both lie inside the series and whose targets lie inside the split. */
export function origins(spec: NetworkSpec, tickers: TickerReturns[], split: Split): Origin[] {
  const L = spec.windowBars;
  const H = spec.horizonBars;
  const out: Origin[] = [];
  tickers.forEach((s, series) => {
    const [lo, hi] =
      split === 'train' ? [0, s.validationStart] : split === 'validation' ? [s.validationStart, s.testStart] : [s.testStart, s.returnsPct.length];
    for (let t = Math.max(lo, L); t + H <= hi; t++) out.push({ series, t });
  });
  return out;
}

/** Network inputs and normalised targets of a list of origins. */
export interface WindowSet {
  count: number;
  inputs: Float32Array;
  scales: Float64Array;
  /** n × H: cumulative log change to step k over the window's scale (the price head's target). */
  cumTargets: Float32Array;
  /** n × H: step-k return over the window's scale (its square is the variance head's target). */
  stepTargets: Float32Array;
}

export function windowSet(spec: NetworkSpec, tickers: TickerReturns[], list: Origin[]): WindowSet {
  const H = spec.horizonBars;
  const n = list.length;
  const inputs = new Float32Array(n * inputWidth(spec));
  const scales = new Float64Array(n);
  const cumTargets = new Float32Array(n * H);
  const stepTargets = new Float32Array(n * H);
  list.forEach(({ series, t }, w) => {
    const r = tickers[series].returnsPct;
    const s = writeWindow(spec, r, t - spec.windowBars, inputs, w);
    scales[w] = s;
    let cum = 0;
    for (let k = 0; k < H; k++) {
      cum += r[t + k];
      cumTargets[w * H + k] = cum / s;
      stepTargets[w * H + k] = r[t + k] / s;
    }
  });
  return { count: n, inputs, scales, cumTargets, stepTargets };
}
