import type { z } from 'zod';
import type { PreparedBatch, TickerError } from '../core/series.js';
import type { NativeBinding } from '../native/binding.js';
import type { GarchSpecInput } from '../native/garch.js';

/** What a model is asked to do for every ticker of a batch. */
export interface ModelRun<Options> {
  batch: PreparedBatch;
  options: Options;
  horizonBars: number;
  /** Interval coverage levels of the request, in order. */
  levels: number[];
  /**
   * Where the batch kernels run: the GPU executor passes a binding whose batch entry points go to
   * the device. Absent: the CPU binding the model was built with.
   */
  kernels?: NativeBinding;
  /**
   * Warm starts per ticker of the batch (GARCH family): N * GARCH_MAX_PARAMS, a NaN row starts cold.
   * They apply to the requested specification only, never to a fallback.
   */
  warmStart?: Float64Array;
  /** Warm starts for the GJR(1,1,1) fallback link, same layout. */
  warmStartFallback?: Float64Array;
  /** ARIMA: per ticker, a cached fit to forecast from (one filter pass, no fit); undefined fits. */
  arimaFixed?: (FittedArima | undefined)[];
  /**
   * ARIMA backtest origins: per ticker, the warm-start table (ARIMA_WARM_ROW) of the ticker's
   * previous window, undefined = cold. When present, each fit's own table comes back in
   * fittedArima[i].warm.
   */
  arimaWarm?: (Float64Array | undefined)[];
}

/** An ARIMA fit as the cache keeps it: native order and coef rows, sigma2, and what the response echoes. */
export interface FittedArima {
  order: Int32Array;
  coef: Float64Array;
  sigma2: number;
  params: Record<string, number>;
  details: FitDetails;
  /** Candidate models fitted (1 for fixed orders). */
  modelsFitted: number;
  /** With run.arimaWarm: the estimates this fit's candidates reached, and how many started warm. */
  warm?: Float64Array;
  warmStarted?: number;
}

/** What a fitted GARCH-family ticker leaves for the fitted-state cache (src/cache/). */
export interface FittedGarchState {
  /**
   * The specification the parameters belong to (the requested one, or the GJR fallback), orders as
   * chosen; null when the fallback chain ended in EWMA (then params and state are NaN).
   */
  spec: GarchSpecInput | null;
  /** The EWMA decay when the chain ended in EWMA. */
  ewmaLambda?: number;
  /**
   * Parameters of each link of the fallback chain that was fitted, accepted or not (requested model,
   * then GJR): warm starts for every link of a later refit.
   */
  chainParams: Float64Array[];
  /** GARCH_MAX_PARAMS slots. */
  params: Float64Array;
  /** GARCH_STATE_SLOTS: filter state at the last return. */
  state: Float64Array;
}

/** Which path the fitted-state cache took for a ticker (proto CacheInfo). */
export interface CacheInfo {
  path: 'cold' | 'warm' | 'incremental' | 'bypass';
  reason: string;
  /** Bars the forecast's parameters have not seen (0 after a fit). */
  barsSinceFit: number;
  fittedAtMs: number;
}

export interface FitStats {
  loglik: number;
  aic: number;
  bic: number;
  converged: boolean;
  reason: string;
  iterations: number;
  persistence: number;
  unconditionalVariance: number;
  n: number;
}

/** What an ARIMA fit adds to FitStats (proto FitStats fields 10..24). */
export interface ArimaFitStats extends FitStats {
  aicc: number;
  order: number[];
  seasonalOrder: number[];
  period: number;
  ljungBoxP: number;
  ljungBoxLag: number;
  jarqueBeraP: number;
  kpssStat: number;
  kpssP: number;
  adfStat: number;
  adfP: number;
  modelsFitted: number;
  /** OCSB seasonal unit-root statistic, critical value and AR lag (0 when the period is 1). */
  ocsbStat: number;
  ocsbCrit: number;
  ocsbLag: number;
}

export interface RiskMeasure {
  level: number;
  valueAtRisk: number;
  expectedShortfall: number;
}

/** What fitted models add to a ticker's forecast. */
export interface FitDetails {
  /** The model that produced the forecast when a fallback replaced the requested one. */
  modelUsed?: string;
  fallbackReason?: string;
  stderr?: Record<string, number>;
  stderrRobust?: Record<string, number>;
  /** ArimaFitStats for arima. */
  fit?: FitStats;
  /** Overrides the model's target name for this ticker (e.g. arima's transform: "log_close"). */
  target?: string;
  risk?: RiskMeasure[];
  /** The trained artifact that produced the forecast (neural: "name@version"). */
  modelVersion?: string;
  /** Per level, bounds per step that replace the Gaussian mean ± z·sd (neural: lognormal quantiles). */
  intervals?: { lower: number[]; upper: number[] }[];
  ensemble?: EnsembleInfo;
  cache?: CacheInfo;
}

/** How an ensemble forecast was formed (proto EnsembleInfo). */
export interface EnsembleInfo {
  /** weight: used in the forecast (1 for the best member when gated); backtestWeight: what the rule gave. */
  members: { model: string; weight: number; backtestWeight: number; rmse: number }[];
  weighting: string;
  origins: number;
  /** Backtest RMSE of the weighted ensemble, and its ratio to the best member's. */
  rmse: number;
  rmseRatioToBest: number;
  bestModel: string;
  gated: boolean;
}

/**
 * A model's answer for a whole batch, series-major: series i's step k (0-based) is at i*h + k.
 * Per-ticker failures are data (errors[i]), never exceptions.
 */
export interface ModelBatchResult {
  mean: Float64Array;
  variance: Float64Array;
  /** Fitted or used parameters per series (empty object for a failed series). */
  params: Record<string, number>[];
  errors: (TickerError | null)[];
  /** Observations the model saw per series. */
  points: Int32Array;
  computeMs: number;
  queueMs: number;
  backend: string;
  /**
   * Standardized quantiles of the forecast distribution for the interval bounds, series-major,
   * N × 2·levels (lower then upper per level). Absent: Gaussian bounds mean ± z·sd.
   */
  intervalQuantiles?: Float64Array;
  details?: (FitDetails | undefined)[];
  /** GARCH family: per ticker, the fitted state where a GARCH-family fit (not EWMA) produced the forecast. */
  fitted?: (FittedGarchState | undefined)[];
  /** ARIMA: per ticker, the fit that produced the forecast. */
  fittedArima?: (FittedArima | undefined)[];
}

export interface ParameterInfo {
  name: string;
  type: 'int' | 'double' | 'string';
  defaultValue: string;
  description: string;
}

/** A model descriptor: what GetCapabilities lists and what the pipeline runs. */
export interface ForecastModel<Options = unknown> {
  readonly name: string;
  readonly family: 'baseline' | 'volatility' | 'arima' | 'ensemble' | 'neural';
  /** 'level': the series as sent (close or ret); 'returns': returns in percent. */
  readonly target: 'level' | 'returns';
  readonly description: string;
  readonly parameters: ParameterInfo[];
  /** Validates the request's ModelSpec fields for this model (zod issues name the field). */
  readonly optionsSchema: z.ZodType<Options>;
  /** Its batch entry points (garchBatch, arimaBatch) have a CUDA build: the GPU executor may run it. */
  readonly cudaKernels?: boolean;
  /** Wrapped by the fitted-state cache (src/cache/): accepts the ModelSpec `cache` field. */
  readonly cached?: boolean;
  minPoints(options: Options): number;
  run(run: ModelRun<Options>): Promise<ModelBatchResult>;
}

/** The backends of several results as one name: each backend once, sorted ("cpu", "cpu,cuda"). */
export function unionBackends(names: Iterable<string>): string {
  const all = new Set<string>();
  for (const n of names) for (const b of n.split(',')) if (b) all.add(b);
  return [...all].sort().join(',');
}

/** A result for every ticker of `batch`, all forecasts zero, carrying the preprocessing errors. */
export function emptyBatchResult(batch: PreparedBatch, horizonBars: number): ModelBatchResult {
  const n = batch.tickers.length;
  return {
    mean: new Float64Array(n * horizonBars),
    variance: new Float64Array(n * horizonBars),
    params: Array.from({ length: n }, () => ({})),
    errors: batch.errors.slice(),
    points: new Int32Array(n),
    computeMs: 0,
    queueMs: 0,
    backend: 'cpu',
    details: new Array(n).fill(undefined),
  };
}
