import { ARIMA_COEF_SLOTS, ARIMA_LIMITS, ARIMA_ORDER_SLOTS, ARIMA_WARM_ROW } from '../../native/arima.js';
import type { NativeBinding } from '../../native/binding.js';
import { NativeStatus, statusMessage } from '../../native/status.js';
import type { PreparedBatch, TickerError } from '../../core/series.js';
import { emptyBatchResult, type ForecastModel, type ModelBatchResult, type ModelRun } from '../model.js';
import { packSubset } from '../subbatch.js';
import { ARIMA_DEFAULT_MAX_ORDER, arimaFieldsSchema, arimaLabel, arimaMinPoints, type ArimaOptions } from './options.js';
import { ArimaFitView } from './results.js';

/** The series a transform models, per ticker: values to fit and the target name to report. */
interface ModelledSeries {
  values: Float64Array;
  offsets: Int32Array;
  target: (i: number) => string;
}

function modelledSeries(batch: PreparedBatch, o: ArimaOptions): ModelledSeries {
  const kind = (i: number) => batch.levelKind[i];
  if (o.transform === 'returns') {
    const returnsName = batch.returnsKind === 'log_pct' ? 'log_return_pct' : 'simple_return_pct';
    return { values: batch.returns, offsets: batch.returnOffsets, target: (i) => (kind(i) === 'ret' ? 'ret' : returnsName) };
  }
  if (o.transform === 'log') {
    // non-positive levels are caught per ticker before the call (log would give NaN / -Infinity)
    return { values: batch.level.map((v) => (v > 0 ? Math.log(v) : Number.NaN)), offsets: batch.levelOffsets, target: (i) => `log_${kind(i)}` };
  }
  return { values: batch.level, offsets: batch.levelOffsets, target: kind };
}

function firstNonPositive(values: Float64Array, begin: number, end: number): number {
  for (let t = begin; t < end; t++) if (!(values[t] > 0)) return t - begin;
  return -1;
}

/** A per-ticker error for a series the kernel could not fit, in words a caller can act on. */
function fitError(status: number, what: string, target: string, points: number, minPoints: number, d: number): TickerError {
  const message = (() => {
    switch (status) {
      case NativeStatus.TOO_SHORT:
        return `${what}: needs at least ${minPoints} points of the ${target} series, got ${points}`;
      case NativeStatus.CONSTANT_SERIES:
        return d > 0
          ? `${what}: the ${target} series is a perfect linear trend (constant after differencing, d = ${d}); no ARMA likelihood exists`
          : `${what}: the ${target} series is constant; no ARMA likelihood exists`;
      case NativeStatus.NON_FINITE:
        return `${what}: the fit overflowed (non-finite likelihood or estimates); check the ${target} series for extreme values`;
      case NativeStatus.FIT_FAILED:
        return `${what}: no model could be fitted (${statusMessage(status)})`;
      default:
        return `${what}: ${statusMessage(status)}`;
    }
  })();
  return { code: 'FAILED_PRECONDITION', message };
}

/** The tickers with a cached fit: forecasts at its coefficients, one exact filter pass each, no fit. */
async function forecastFixed(run: ModelRun<ArimaOptions>, native: () => NativeBinding, series: ModelledSeries, rows: number[], result: ModelBatchResult) {
  const h = run.horizonBars;
  const fits = rows.map((i) => run.arimaFixed![i]!);
  const order = new Int32Array(rows.length * ARIMA_ORDER_SLOTS);
  const coef = new Float64Array(rows.length * ARIMA_COEF_SLOTS);
  fits.forEach((f, k) => {
    order.set(f.order, k * ARIMA_ORDER_SLOTS);
    coef.set(f.coef, k * ARIMA_COEF_SLOTS);
  });
  const { values, offsets } = packSubset(series.values, series.offsets, rows);
  const out = await native().arimaForecast({ order, coef, sigma2: Float64Array.from(fits, (f) => f.sigma2), values, offsets, horizon: h });
  result.computeMs += out.computeMs;
  const unusable = new Set<number>();
  rows.forEach((i, k) => {
    if (out.status[k] !== NativeStatus.OK || !Number.isFinite(out.forecastVariance[k * h])) {
      unusable.add(i);
      return;
    }
    result.mean.set(out.forecastMean.subarray(k * h, (k + 1) * h), i * h);
    result.variance.set(out.forecastVariance.subarray(k * h, (k + 1) * h), i * h);
    result.params[i] = { ...fits[k].params };
    result.details![i] = { ...fits[k].details };
    result.fittedArima![i] = fits[k];
  });
  return unusable;
}

/** The warm-start rows of the tickers to fit, NaN (cold) where a ticker has none. */
function warmRows(tables: (Float64Array | undefined)[], rows: number[]): Float64Array {
  const out = new Float64Array(rows.length * ARIMA_WARM_ROW).fill(Number.NaN);
  rows.forEach((i, k) => {
    const t = tables[i];
    if (t && t.length === ARIMA_WARM_ROW) out.set(t, k * ARIMA_WARM_ROW);
  });
  return out;
}

export function arimaModel(native: () => NativeBinding): ForecastModel<ArimaOptions> {
  const [maxP, maxD, maxQ] = ARIMA_DEFAULT_MAX_ORDER;
  return {
    name: 'arima',
    family: 'arima',
    target: 'level',
    description:
      'ARIMA(p,d,q)(P,D,Q)[S] with intercept/drift: exact Gaussian ML (Kalman filter, CSS starts), exact prediction intervals; ' +
      'auto: OCSB for D (with a period), KPSS for d, then the Hyndman-Khandakar stepwise search (forecast::auto.arima)',
    parameters: [
      { name: 'order', type: 'int', defaultValue: '', description: `[p, d, q] fixed orders: p 0..${ARIMA_LIMITS.maxP}, d 0..${ARIMA_LIMITS.maxD}, q 0..${ARIMA_LIMITS.maxQ}; absent = auto` },
      { name: 'auto', type: 'string', defaultValue: 'true when order is absent', description: 'true: OCSB for D (with period), KPSS for d, then stepwise search by ic' },
      { name: 'ic', type: 'string', defaultValue: 'aicc', description: 'auto: aicc | aic | bic' },
      { name: 'max_order', type: 'int', defaultValue: `${maxP},${maxD},${maxQ}`, description: 'auto: [max p, max d, max q]' },
      { name: 'seasonal_order', type: 'int', defaultValue: '', description: '[P, D, Q], each 0..1, with period; with auto: fixes D and bounds the P, Q search (absent: D by the OCSB test, P, Q <= 1)' },
      { name: 'period', type: 'int', defaultValue: '1', description: `season length S, 2..${ARIMA_LIMITS.maxPeriod}` },
      { name: 'transform', type: 'string', defaultValue: 'none', description: 'none (the series as sent) | log (log of the level) | returns (returns in %)' },
      { name: 'no_constant', type: 'string', defaultValue: 'false', description: 'true: no intercept (d + D = 0) or drift (d + D = 1)' },
    ],
    optionsSchema: arimaFieldsSchema as never,
    cudaKernels: true,
    minPoints: (o: ArimaOptions) => arimaMinPoints(o ?? arimaFieldsSchema.parse({})),
    async run(run: ModelRun<ArimaOptions>): Promise<ModelBatchResult> {
      const { batch, options, horizonBars } = run;
      const n = batch.tickers.length;
      const result = emptyBatchResult(batch, horizonBars);
      const series = modelledSeries(batch, options);
      const what = options.auto ? 'arima(auto)' : arimaLabel(options.spec);
      const minPoints = arimaMinPoints(options);
      const pending: number[] = [];
      for (let i = 0; i < n; i++) {
        const begin = series.offsets[i];
        const end = series.offsets[i + 1];
        result.points[i] = end - begin;
        if (result.errors[i]) continue;
        if (horizonBars > ARIMA_LIMITS.maxHorizon) {
          result.errors[i] = { code: 'INVALID_ARGUMENT', message: `arima forecasts at most ${ARIMA_LIMITS.maxHorizon} steps, horizon_bars is ${horizonBars}` };
          continue;
        }
        if (options.transform === 'log') {
          const at = firstNonPositive(batch.level, batch.levelOffsets[i], batch.levelOffsets[i + 1]);
          if (at >= 0) {
            result.errors[i] = {
              code: 'FAILED_PRECONDITION',
              message: `arima transform "log": ${batch.levelKind[i]}[${at}] = ${batch.level[batch.levelOffsets[i] + at]} is not positive`,
            };
            continue;
          }
        }
        pending.push(i);
      }
      result.fittedArima = new Array(n).fill(undefined);
      const fixed = run.arimaFixed ? pending.filter((i) => run.arimaFixed![i]) : [];
      const started = performance.now();
      // A cached fit that cannot forecast (it never should) is fitted instead.
      const unusable = fixed.length > 0 ? await forecastFixed(run, native, series, fixed, result) : new Set<number>();
      const toFit = fixed.length > 0 ? pending.filter((i) => !run.arimaFixed![i] || unusable.has(i)) : pending;
      if (toFit.length === 0) {
        result.queueMs = Math.max(0, performance.now() - started - result.computeMs);
        return result;
      }

      const all = toFit.length === n;
      const { values, offsets } = all ? series : packSubset(series.values, series.offsets, toFit);
      const warm = run.arimaWarm ? warmRows(run.arimaWarm, toFit) : undefined;
      const out = await (run.kernels ?? native()).arimaBatch({
        spec: options.spec,
        auto: options.auto,
        values,
        offsets,
        horizon: horizonBars,
        ...(warm ? { warmStart: warm, warmState: true } : {}),
      });
      result.computeMs += out.computeMs;
      result.queueMs = Math.max(0, performance.now() - started - result.computeMs);
      const view = new ArimaFitView(out);
      const h = horizonBars;
      toFit.forEach((i, k) => {
        const status = view.status(k);
        if (status !== NativeStatus.OK) {
          result.errors[i] = fitError(status, what, series.target(i), result.points[i], minPoints, view.order(k).d);
          return;
        }
        result.mean.set(out.forecastMean.subarray(k * h, (k + 1) * h), i * h);
        result.variance.set(out.forecastVariance.subarray(k * h, (k + 1) * h), i * h);
        result.params[i] = view.params(k);
        result.details![i] = view.details(k, series.target(i));
        result.fittedArima![i] = {
          order: out.order.slice(k * ARIMA_ORDER_SLOTS, (k + 1) * ARIMA_ORDER_SLOTS),
          coef: out.coef.slice(k * ARIMA_COEF_SLOTS, (k + 1) * ARIMA_COEF_SLOTS),
          sigma2: out.sigma2[k],
          params: result.params[i],
          details: result.details![i]!,
          modelsFitted: out.modelsFitted[k],
          ...(warm ? { warm: out.warmState.slice(k * ARIMA_WARM_ROW, (k + 1) * ARIMA_WARM_ROW), warmStarted: out.warmStarted[k] } : {}),
        };
      });
      return result;
    },
  };
}
