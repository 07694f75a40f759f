/**
 * The `neural` model: the global N-BEATS-style network (src/neural) behind the ForecastModel
 * interface. Windows are cut here (the last L log returns of every ticker, cheap), the forward pass
 * of the whole batch runs in the worker thread that owns tfjs, and the heads' log-scale output is
 * turned into the service's targets (targets.ts).
 */
import { z } from 'zod';
import type { PreparedBatch, TickerError } from '../../core/series.js';
import { logReturnsPct } from '../../neural/features.js';
import type { NeuralService } from '../../neural/service.js';
import { normalQuantile } from '../../stats/normal.js';
import type { FitDetails, ForecastModel, ModelBatchResult, ModelRun } from '../model.js';
import { closeForecast, returnForecast } from './targets.js';

const noOptions = z.object({}).passthrough().transform(() => ({}));

/** The window of series i (L returns in percent) or the reason it has none. */
function windowOf(batch: PreparedBatch, i: number, L: number): Float64Array | TickerError {
  const from = batch.levelOffsets[i];
  const to = batch.levelOffsets[i + 1];
  if (batch.levelKind[i] === 'ret') {
    if (to - from < L) return { code: 'FAILED_PRECONDITION', message: `neural needs at least ${L} returns, got ${to - from}` };
    const w = batch.level.slice(to - L, to);
    return w.every(Number.isFinite) ? w : { code: 'FAILED_PRECONDITION', message: 'neural: a return in the window is not finite' };
  }
  if (to - from < L + 1) return { code: 'FAILED_PRECONDITION', message: `neural needs at least ${L + 1} prices, got ${to - from}` };
  return logReturnsPct(batch.level, to - L - 1, to) ?? { code: 'FAILED_PRECONDITION', message: 'neural: a price in the window is not positive' };
}

function failAll(batch: PreparedBatch, h: number, backend: string, err: TickerError): ModelBatchResult {
  const n = batch.tickers.length;
  return {
    mean: new Float64Array(n * h),
    variance: new Float64Array(n * h),
    params: Array.from({ length: n }, () => ({})),
    errors: batch.errors.map((e) => e ?? err),
    points: new Int32Array(n),
    computeMs: 0,
    queueMs: 0,
    backend,
  };
}

export function neuralModel(service: NeuralService): ForecastModel<{}> {
  return {
    name: 'neural',
    family: 'neural',
    target: 'level',
    description:
      'Global N-BEATS-style MLP trained on many tickers (tfjs): h-step log-price change and per-step log variance heads; ' +
      'close forecasts are lognormal (mean, variance, exact quantile bounds), returns Gaussian',
    parameters: [],
    optionsSchema: noOptions,
    minPoints: () => (service.network ? service.network.windowBars + 1 : 0),
    async run({ batch, horizonBars, levels }: ModelRun<{}>): Promise<ModelBatchResult> {
      const started = performance.now();
      const net = service.network;
      const n = batch.tickers.length;
      if (!net) return failAll(batch, horizonBars, 'none', { code: 'UNAVAILABLE', message: `neural model unavailable: ${service.degradedReasons()[0] ?? 'disabled'}` });
      const L = net.windowBars;
      const H = net.horizonBars;
      if (horizonBars > H) {
        return failAll(batch, horizonBars, 'none', { code: 'INVALID_ARGUMENT', message: `neural forecasts at most ${H} steps (the artifact's horizon), horizon_bars is ${horizonBars}` });
      }
      const errors: (TickerError | null)[] = batch.errors.slice();
      const points = new Int32Array(n);
      const rows: number[] = [];
      const windows = new Float64Array(n * L);
      for (let i = 0; i < n; i++) {
        points[i] = batch.levelOffsets[i + 1] - batch.levelOffsets[i];
        if (errors[i]) continue;
        const w = windowOf(batch, i, L);
        if (w instanceof Float64Array) {
          windows.set(w, rows.length * L);
          rows.push(i);
        } else errors[i] = w;
      }
      let prediction;
      try {
        prediction = rows.length > 0 ? await service.predict(windows.slice(0, rows.length * L), rows.length) : undefined;
      } catch (err) {
        return failAll({ ...batch, errors }, horizonBars, 'none', { code: 'UNAVAILABLE', message: `neural model unavailable: ${(err as Error).message}` });
      }
      const state = service.state;
      const backend = state.kind === 'ready' ? state.backend : 'none';
      const mean = new Float64Array(n * horizonBars);
      const variance = new Float64Array(n * horizonBars);
      const params: Record<string, number>[] = Array.from({ length: n }, () => ({}));
      const details: (FitDetails | undefined)[] = new Array(n).fill(undefined);
      const z = levels.map((l) => normalQuantile(0.5 + l / 2));
      rows.forEach((i, r) => {
        const cum = prediction!.cumLogChangePct.subarray(r * H, (r + 1) * H);
        const stepVar = prediction!.stepVariancePct2.subarray(r * H, (r + 1) * H);
        const to = batch.levelOffsets[i + 1];
        const f = batch.levelKind[i] === 'close' ? closeForecast(batch.level[to - 1], cum, stepVar, horizonBars, z) : returnForecast(cum, stepVar, horizonBars);
        mean.set(f.mean, i * horizonBars);
        variance.set(f.variance, i * horizonBars);
        params[i] = { window_bars: L, sigma2: stepVar[0], cum_log_change_pct: cum[horizonBars - 1] };
        details[i] = { modelVersion: service.version, ...(f.intervals ? { intervals: f.intervals } : {}) };
      });
      const computeMs = prediction?.computeMs ?? 0;
      return { mean, variance, params, errors, points, computeMs, queueMs: Math.max(0, performance.now() - started - computeMs), backend, details };
    },
  };
}
