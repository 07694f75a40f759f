/** Test helpers for the ARIMA addon tests: the committed R references and the series they were computed on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import type { ArimaBatchInput, ArimaSpecInput } from '../../src/native/arima.js';
import { dow30Returns, readJson } from './garch_data.js';
import { pack } from './pack.js';

export { dow30Returns };

/** ln(close) per ticker of examples/data/dow30_daily_close.csv in date order, tickers sorted (load_dow30_logprice() in arima_reference.R). */
export function dow30LogPrices(): Map<string, number[]> {
  const [, ...rows] = readFileSync(join(packageRoot(), 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n');
  const byTicker = new Map<string, [string, number][]>();
  for (const row of rows) {
    const [ticker, date, close] = row.split(',');
    if (!byTicker.has(ticker)) byTicker.set(ticker, []);
    byTicker.get(ticker)!.push([date, Number(close)]);
  }
  const out = new Map<string, number[]>();
  for (const ticker of [...byTicker.keys()].sort()) {
    const rowsOf = byTicker.get(ticker)!.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.set(ticker, rowsOf.map((r) => Math.log(r[1])));
  }
  return out;
}

export interface RFixedFit {
  coef: Record<string, number>;
  se: Record<string, number>;
  loglik: number;
  sigma2: number;
  code: number;
  pred_mean: number[];
  pred_se: number[];
}
export interface RAutoFit {
  order: number[];
  include_mean: boolean;
  include_drift: boolean;
  coef: Record<string, number>;
  aicc: number;
  loglik: number;
  lb_p: number;
  jb_p: number;
}
export interface RTicker {
  n_ret: number;
  arma11: RFixedFit;
  arma22: RFixedFit;
  arma11_tight: RFixedFit;
  arma22_tight: RFixedFit;
  ndiffs_ret: number;
  ndiffs_lp: number;
  kpss_ret: number;
  kpss_lp: number;
  adf_ret: number;
  auto_ret: RAutoFit;
  auto_lp: RAutoFit;
}

/** tests/reference/arima_dow30.json (bench/reference/arima_reference.R, R 4.2.2, forecast 8.20). */
export function arimaReference(): Record<string, RTicker> {
  return readJson('tests/reference/arima_dow30.json');
}

export function arimaSpec(overrides: Partial<ArimaSpecInput> = {}): ArimaSpecInput {
  return { p: 1, d: 0, q: 1, seasonalP: 0, seasonalD: 0, seasonalQ: 0, period: 1, constant: true, ...overrides };
}

/** A whole arimaBatch argument for `series`; every field can be overridden. */
export function arimaInput(series: readonly (readonly number[])[], overrides: Partial<ArimaBatchInput> = {}): ArimaBatchInput {
  return { spec: arimaSpec(), auto: null, ...pack(series), horizon: 10, ...overrides };
}

/** auto.arima bounds of issue 5: max.p = 3, max.q = 2, max.d = 1, seasonal = FALSE. */
export const AUTO_BOUNDS = { maxP: 3, maxD: 1, maxQ: 2, maxSeasonalP: 0, maxSeasonalQ: 0, chooseSeasonalD: false, ic: 'aicc' as const };

/** auto.arima(seasonal.test = "ocsb") on one series of tests/reference/arima_ocsb.json. */
export interface RSeasonalAuto {
  order: number[];
  seasonal_order: number[];
  include_mean: boolean;
  include_drift: boolean;
  aicc: number;
  /** R's chosen model at its coefficients with kappa = 1e10 (exact differencing, as ours). */
  aicc_exact: number;
}
export interface ROcsbSeries {
  x: number[];
  period: number;
  /** forecast::nsdiffs(test = "ocsb"). */
  nsdiffs: number;
  ocsb_stat: number;
  ocsb_crit: number;
  ocsb_lag: number;
  /** forecast::ndiffs on x seasonally differenced nsdiffs times. */
  ndiffs: number;
  auto: RSeasonalAuto;
}

/** tests/reference/arima_ocsb.json (bench/reference/arima_ocsb_reference.R, R 4.2.2, forecast 8.20). */
export function arimaOcsbReference(): Record<string, ROcsbSeries> {
  return readJson<{ series: Record<string, ROcsbSeries> }>('tests/reference/arima_ocsb.json').series;
}

/** The seasonal search of issue 5's bounds: max.P = max.Q = 1, D by the OCSB test. */
export const SEASONAL_AUTO_BOUNDS = { ...AUTO_BOUNDS, maxSeasonalP: 1, maxSeasonalQ: 1, chooseSeasonalD: true };
