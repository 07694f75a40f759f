/**
 * The GARCH-family part of the native surface (native/src/addon/garch_*.cpp over native/src/garch).
 * One call fits every series of a batch with one specification.
 */

export const GARCH_VOLS = ['garch', 'gjr', 'aparch', 'egarch'] as const;
export type GarchVol = (typeof GARCH_VOLS)[number];
export const GARCH_MEANS = ['zero', 'constant', 'arma'] as const;
export type GarchMean = (typeof GARCH_MEANS)[number];
export const GARCH_DISTS = ['normal', 't', 'sstd', 'ged'] as const;
export type GarchDist = (typeof GARCH_DISTS)[number];
export const GARCH_INITS = ['fgarch', 'sample', 'backcast'] as const;
export type GarchInit = (typeof GARCH_INITS)[number];

/** Most parameters one specification can have (native tc::garch::kMaxParams): output stride. */
export const GARCH_MAX_PARAMS = 16;
/**
 * Filter state slots per series (native tc::garch::kStateSlots): x, residual z and volatility
 * state h at the last two observations, oldest first.
 */
export const GARCH_STATE_SLOTS = 6;

export interface GarchSpecInput {
  vol: GarchVol;
  p: number;
  o: number;
  q: number;
  mean: GarchMean;
  ar: number;
  ma: number;
  dist: GarchDist;
  init: GarchInit;
  /** aparch: delta held at this value; undefined = estimated. */
  deltaFixed?: number;
  /**
   * Default true: the search rejects persistence >= 1. false searches fGarch's unconstrained space
   * (needed to reproduce garchFit, whose t/sstd estimates can have persistence just above 1).
   */
  enforceStationarity?: boolean;
}

/** What both GARCH entry points forecast with: the spec, the series and the forecast options. */
export interface GarchForecastFields {
  spec: GarchSpecInput;
  values: Float64Array;
  offsets: Int32Array;
  horizon: number;
  /** One-step VaR/ES tail probabilities, e.g. 0.01 for 99% VaR (at most 8). */
  varTailProbs: Float64Array;
  /** Probabilities at which the fitted standardized innovation quantiles are returned (interval bounds). */
  quantileProbs: Float64Array;
  /** Counter-based RNG key for simulation forecasts (aparch with free delta, egarch). */
  seed: number;
  paths: number;
}

export interface GarchBatchInput extends GarchForecastFields {
  /** Order selection over p, q in {1, 2} by information criterion; 'none' fits spec.p, spec.q. */
  select: 'none' | 'aic' | 'bic';
  /**
   * Warm starts, N * GARCH_MAX_PARAMS in the output layout (a previous fit's params rows); a row
   * whose first slot is NaN starts cold. Ignored when select is not 'none'.
   */
  startParams?: Float64Array;
  /**
   * 'cuda' runs the batch on CUDA device 0 (an addon built with nvcc; see docs/gpu.md); the promise
   * rejects with "cuda unavailable: ..." or "cuda error: ..." when it cannot. Default 'cpu'.
   */
  backend?: 'cpu' | 'cuda';
}

export interface GarchBatchOutput {
  /** N * GARCH_MAX_PARAMS, series-major, in the order of names for (chosenP, chosenQ). */
  params: Float64Array;
  stdErr: Float64Array;
  stdErrRobust: Float64Array;
  /** N each. */
  loglik: Float64Array;
  aic: Float64Array;
  bic: Float64Array;
  persistence: Float64Array;
  uncondVariance: Float64Array;
  converged: Int32Array;
  reason: Int32Array;
  iterations: Int32Array;
  nObs: Int32Array;
  chosenP: Int32Array;
  chosenQ: Int32Array;
  /** N * horizon. */
  forecastMean: Float64Array;
  forecastVariance: Float64Array;
  /** N * varTailProbs.length, positive losses. */
  valueAtRisk: Float64Array;
  expectedShortfall: Float64Array;
  /** N * quantileProbs.length: standardized innovation quantiles of the fitted distribution. */
  quantiles: Float64Array;
  /** N * GARCH_STATE_SLOTS: filter state at the last observation (NaN rows where no fit). */
  state: Float64Array;
  computeMs: number;
}

/**
 * Forecasts at fixed parameters from cached filter states. Series i of values/offsets holds the
 * bars after the state's last observation (possibly none); where state row i is NaN it holds the
 * whole history instead and one full filter pass runs.
 */
export interface GarchAdvanceInput extends GarchForecastFields {
  /** N * GARCH_MAX_PARAMS, the fit's params rows for this spec. */
  params: Float64Array;
  /** N * GARCH_STATE_SLOTS. */
  state: Float64Array;
  /** N: the series' position in the call that would have fitted it (simulation RNG key). */
  seriesIds: Int32Array;
}

export interface GarchAdvanceOutput {
  /** N * GARCH_STATE_SLOTS: the state after the new bars. */
  state: Float64Array;
  /** N: 0, or 7 when a bar, the state or the parameters are not usable (outputs NaN). */
  status: Int32Array;
  forecastMean: Float64Array;
  forecastVariance: Float64Array;
  valueAtRisk: Float64Array;
  expectedShortfall: Float64Array;
  quantiles: Float64Array;
  computeMs: number;
}

/** Why a fit stopped (native tc::garch::FitReason); the index is the wire value. */
export const FIT_REASONS = [
  'converged',
  'converged (flat at the noise floor)',
  'iteration limit reached',
  'line search failed away from an optimum',
  'no starting value gave a finite likelihood',
  'series too short for the model',
  'invalid model specification',
  'non-finite value in the data',
  'converged, but the Hessian is singular (no standard errors)',
  'degenerate series (zero sample variance: constant, or below rounding or underflow)',
] as const;

export function fitReason(code: number): string {
  return FIT_REASONS[code] ?? `unknown reason ${code}`;
}

export interface GarchNative {
  garchBatch(input: GarchBatchInput): Promise<GarchBatchOutput>;
  garchAdvance(input: GarchAdvanceInput): Promise<GarchAdvanceOutput>;
  /** fGarch names of the free parameters of a specification, in output order. */
  garchParamNames(spec: GarchSpecInput): string[];
}
