/**
 * The ARIMA part of the native surface (native/src/addon/arima_*.cpp over native/src/arima): one
 * call fits (or chooses and fits) every series of a batch with one model description, then
 * forecasts with exact state-space variances.
 */

/** Kernel limits (native/src/arima/spec.hpp). */
export const ARIMA_LIMITS = { maxP: 3, maxQ: 3, maxD: 1, maxSeasonalP: 1, maxSeasonalQ: 1, maxSeasonalD: 1, maxPeriod: 12, maxHorizon: 1000 } as const;

/** Row stride of coef / stdErr: ar1..3, ma1..3, sar1, sma1, intercept|drift (unused slots NaN). */
export const ARIMA_COEF_SLOTS = 9;
/** Row stride of `order`: p, d, q, seasonalP, seasonalD, seasonalQ, period, constant (0/1). */
export const ARIMA_ORDER_SLOTS = 8;
/**
 * Row stride of warm-start tables (native/src/arima/warm.hpp; opaque here): 32 entries of a model
 * key and its coefficients, one row per series.
 */
export const ARIMA_WARM_ROW = 320;

export const ARIMA_ICS = ['aicc', 'aic', 'bic'] as const;
export type ArimaIc = (typeof ARIMA_ICS)[number];

/**
 * phi(B) Phi(B^S) (1-B)^d (1-B^S)^D (x_t - c(t)) = theta(B) Theta(B^S) e_t, with c(t) an intercept
 * (d + D = 0) or drift * t (d + D = 1) when `constant`; no constant when d + D = 2.
 */
export interface ArimaSpecInput {
  p: number;
  d: number;
  q: number;
  seasonalP: number;
  seasonalD: number;
  seasonalQ: number;
  /** Season length S in [2, 12] when a seasonal order is set; 1 otherwise. */
  period: number;
  constant: boolean;
}

/**
 * forecast::auto.arima's stepwise search (stepwise = TRUE, approximation = FALSE,
 * seasonal.test = "ocsb"): with a period, D by the OCSB test (nsdiffs, max.D 1) when
 * chooseSeasonalD, else spec.seasonalD; d by KPSS (alpha 0.05) up to maxD on the seasonally
 * differenced series; then Hyndman–Khandakar within the bounds. spec.period and spec.constant
 * (whether an intercept / drift may be tried) are taken from the spec.
 */
export interface ArimaAutoInput {
  maxP: number;
  maxD: number;
  maxQ: number;
  maxSeasonalP: number;
  maxSeasonalQ: number;
  /** With spec.period > 1: D chosen by the OCSB test instead of spec.seasonalD. */
  chooseSeasonalD: boolean;
  ic: ArimaIc;
}

export interface ArimaBatchInput {
  spec: ArimaSpecInput;
  /** null: fit spec's orders as given. */
  auto: ArimaAutoInput | null;
  values: Float64Array;
  /** N + 1 non-decreasing entries within values. */
  offsets: Int32Array;
  /** 1..ARIMA_LIMITS.maxHorizon. */
  horizon: number;
  /**
   * N * ARIMA_WARM_ROW: an earlier call's warmState rows (a NaN row starts cold). Every fit whose
   * model has an entry (the fixed orders, or each candidate of the automatic search) starts its ML
   * search there instead of at the CSS estimate; the search visits the same candidates.
   */
  warmStart?: Float64Array;
  /** true: return warmState, every series' table of the estimates its fits reached. */
  warmState?: boolean;
  /** 'cpu' (default) or 'cuda': fixed orders run on the device (arima_cuda.cu); an automatic search runs on the CPU threads and reports backend 'cpu'. */
  backend?: 'cpu' | 'cuda';
}

export interface ArimaBatchOutput {
  /** N * ARIMA_COEF_SLOTS, in the fixed slot order of ARIMA_COEF_SLOTS. */
  coef: Float64Array;
  stdErr: Float64Array;
  /** N each; NaN where status is not OK. sigma2: ML innovation variance (stats::arima's). */
  sigma2: Float64Array;
  loglik: Float64Array;
  /** R's stats::arima scale: -2 loglik + 2 (k + 1), k + 1 counting sigma2. */
  aic: Float64Array;
  aicc: Float64Array;
  bic: Float64Array;
  /** forecast::checkresiduals' Ljung–Box (lag min(10, n/5) non-seasonal) and tseries' Jarque–Bera. */
  ljungBoxP: Float64Array;
  jarqueBeraP: Float64Array;
  /** urca KPSS "mu" on the series as given, and tseries' ADF (with trend); for every series. */
  kpssStat: Float64Array;
  kpssP: Float64Array;
  adfStat: Float64Array;
  adfP: Float64Array;
  /**
   * forecast's OCSB seasonal unit-root statistic and its 5 % critical value (D = 1 when the
   * statistic is above it), for every series when the period is > 1; NaN otherwise.
   */
  ocsbStat: Float64Array;
  ocsbCrit: Float64Array;
  /** AR lag of the OCSB regression (forecast's lag.order). */
  ocsbLag: Int32Array;
  /** NativeStatus codes (incl. CONSTANT_SERIES, FIT_FAILED). */
  status: Int32Array;
  converged: Int32Array;
  iterations: Int32Array;
  nObs: Int32Array;
  ljungBoxLag: Int32Array;
  modelsFitted: Int32Array;
  /** N * ARIMA_ORDER_SLOTS: the orders fitted (chosen by the search when auto). */
  order: Int32Array;
  /** N * horizon, on the scale of the series as passed in. */
  forecastMean: Float64Array;
  forecastVariance: Float64Array;
  /** N: fits that started from a warmStart entry (candidates, for the automatic search). */
  warmStarted: Int32Array;
  /** N * ARIMA_WARM_ROW when warmState was asked; empty otherwise. */
  warmState: Float64Array;
  computeMs: number;
}

/** One series' fitted orders, read from a row of ArimaBatchOutput.order. */
export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  seasonalP: number;
  seasonalD: number;
  seasonalQ: number;
  period: number;
  constant: boolean;
}

export function arimaOrderAt(order: Int32Array, i: number): ArimaOrder {
  const r = order.subarray(i * ARIMA_ORDER_SLOTS, (i + 1) * ARIMA_ORDER_SLOTS);
  return { p: r[0], d: r[1], q: r[2], seasonalP: r[3], seasonalD: r[4], seasonalQ: r[5], period: r[6], constant: r[7] === 1 };
}

/**
 * R's coefficient names for an order, each with its slot in a coef row: ar1.., ma1.., sar1, sma1,
 * then intercept (d + D = 0) or drift (d + D = 1).
 */
export function arimaCoefNames(o: ArimaOrder): { name: string; slot: number }[] {
  const out: { name: string; slot: number }[] = [];
  for (let j = 0; j < o.p; j++) out.push({ name: `ar${j + 1}`, slot: j });
  for (let j = 0; j < o.q; j++) out.push({ name: `ma${j + 1}`, slot: 3 + j });
  if (o.seasonalP > 0) out.push({ name: 'sar1', slot: 6 });
  if (o.seasonalQ > 0) out.push({ name: 'sma1', slot: 7 });
  if (o.constant) out.push({ name: o.d + o.seasonalD === 0 ? 'intercept' : 'drift', slot: 8 });
  return out;
}

/** Forecasts at fixed coefficients (a cached fit): one exact filter pass per series, no fit. */
export interface ArimaForecastInput {
  /** N * ARIMA_ORDER_SLOTS, rows as ArimaBatchOutput.order. */
  order: Int32Array;
  /** N * ARIMA_COEF_SLOTS, rows as ArimaBatchOutput.coef. */
  coef: Float64Array;
  /** N: the innovation variance the intervals use. */
  sigma2: Float64Array;
  values: Float64Array;
  offsets: Int32Array;
  horizon: number;
}

export interface ArimaForecastOutput {
  forecastMean: Float64Array;
  forecastVariance: Float64Array;
  /** NativeStatus codes per series. */
  status: Int32Array;
  computeMs: number;
}

export interface ArimaNative {
  /** Rejects (never throws) with a TypeError naming the bad argument. */
  arimaBatch(input: ArimaBatchInput): Promise<ArimaBatchOutput>;
  arimaForecast(input: ArimaForecastInput): Promise<ArimaForecastOutput>;
}
