import type { PreparedBatch, TickerError } from '../core/series.js';
import type { CacheInfo, EnsembleInfo, FitStats, ModelBatchResult, RiskMeasure } from '../models/model.js';
import type { ForecastModel } from '../models/model.js';
import { normalQuantile } from '../stats/normal.js';

/** The TickerForecast message in the shape @grpc/proto-loader encodes (camelCase fields). */
export interface TickerForecastMsg {
  requestId: string;
  ticker: string;
  status: 'OK' | 'ERROR';
  error: string;
  errorCode: string;
  model: string;
  target: string;
  mean: number[];
  variance: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
  dataRange: { firstMs: number; lastMs: number; points: number; dropped: number } | null;
  params: Record<string, number>;
  backend: string;
  stderr: Record<string, number>;
  stderrRobust: Record<string, number>;
  fit: FitStats | null;
  risk: RiskMeasure[];
  ensemble: EnsembleInfo | null;
  requestedModel: string;
  fallbackReason: string;
  /** The trained artifact behind the forecast (neural), else empty. */
  modelVersion: string;
  /** The fitted-state cache's path for this ticker (cached models), else null. */
  cache: CacheInfo | null;
}

export function errorForecast(requestId: string, ticker: string, model: string, err: TickerError): TickerForecastMsg {
  return {
    requestId,
    ticker,
    status: 'ERROR',
    error: err.message,
    errorCode: err.code,
    model,
    target: '',
    mean: [],
    variance: [],
    intervals: [],
    dataRange: null,
    params: {},
    backend: '',
    stderr: {},
    stderrRobust: {},
    fit: null,
    risk: [],
    ensemble: null,
    requestedModel: model,
    fallbackReason: '',
    modelVersion: '',
    cache: null,
  };
}

function targetName(model: ForecastModel<any>, batch: PreparedBatch, i: number): string {
  if (model.target === 'level') return batch.levelKind[i];
  if (batch.levelKind[i] === 'ret') return 'ret';
  return batch.returnsKind === 'log_pct' ? 'log_return_pct' : 'simple_return_pct';
}

/**
 * Turns one model's batch result into per-ticker messages. Intervals are Gaussian quantile bounds
 * mean ± z·sqrt(variance); a forecast with any non-finite number becomes a per-ticker error so a
 * response never carries NaN or Infinity.
 */
export function assembleModel(
  requestId: string,
  model: ForecastModel<any>,
  batch: PreparedBatch,
  result: ModelBatchResult,
  horizonBars: number,
  levels: number[],
): TickerForecastMsg[] {
  const z = levels.map((l) => normalQuantile(0.5 + l / 2));
  const out: TickerForecastMsg[] = [];
  for (let i = 0; i < batch.tickers.length; i++) {
    const ticker = batch.tickers[i];
    const err = result.errors[i];
    if (err) {
      out.push(errorForecast(requestId, ticker, model.name, err));
      continue;
    }
    const base = i * horizonBars;
    const mean = Array.from(result.mean.subarray(base, base + horizonBars));
    const variance = Array.from(result.variance.subarray(base, base + horizonBars));
    const params = result.params[i];
    const d = result.details?.[i];
    const finite =
      mean.every(Number.isFinite) &&
      variance.every((v) => Number.isFinite(v) && v >= 0) &&
      Object.values(params).every(Number.isFinite) &&
      (!result.intervalQuantiles || levels.every((_, j) => Number.isFinite(result.intervalQuantiles![i * 2 * levels.length + 2 * j]))) &&
      (!d?.intervals || d.intervals.every((b) => b.lower.every(Number.isFinite) && b.upper.every(Number.isFinite)));
    if (!finite) {
      out.push(
        errorForecast(requestId, ticker, model.name, {
          code: 'FAILED_PRECONDITION',
          message: `${model.name}: forecast is not finite (degenerate or overflowing input)`,
        }),
      );
      continue;
    }
    const sd = variance.map(Math.sqrt);
    const q = result.intervalQuantiles;
    const nq = 2 * levels.length;
    const lo = (j: number) => (q ? q[i * nq + 2 * j] : -z[j]);
    const hi = (j: number) => (q ? q[i * nq + 2 * j + 1] : z[j]);
    out.push({
      requestId,
      ticker,
      status: 'OK',
      error: '',
      errorCode: '',
      model: model.name,
      target: d?.target ?? targetName(model, batch, i),
      mean,
      variance,
      intervals: levels.map((level, j) =>
        d?.intervals
          ? { level, ...d.intervals[j] }
          : { level, lower: mean.map((m, k) => m + lo(j) * sd[k]), upper: mean.map((m, k) => m + hi(j) * sd[k]) },
      ),
      dataRange: {
        firstMs: batch.firstMs[i],
        lastMs: batch.lastMs[i],
        points: result.points[i],
        dropped: batch.dropped[i],
      },
      params,
      backend: result.backend,
      stderr: d?.stderr ?? {},
      stderrRobust: d?.stderrRobust ?? {},
      fit: d?.fit ?? null,
      risk: d?.risk ?? [],
      ensemble: d?.ensemble ?? null,
      requestedModel: model.name,
      fallbackReason: d?.fallbackReason ?? '',
      modelVersion: d?.modelVersion ?? '',
      cache: d?.cache ?? null,
    });
    if (d?.modelUsed) out[out.length - 1].model = d.modelUsed;
  }
  return out;
}
