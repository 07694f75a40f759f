import { GARCH_MAX_PARAMS } from '../native/garch.js';
import type { GarchOptions } from '../models/garch/options.js';
import { emptyBatchResult, type CacheInfo, type ForecastModel, type ModelBatchResult, type ModelRun } from '../models/model.js';
import { subsetBatch } from '../models/subbatch.js';
import type { CacheCounters } from './fit_cache.js';

/**
 * Backtest windows (cache "origins"): the k-th series named T in the batch is T's k-th training
 * window, windows growing (expanding) or sliding forward. The windows are fitted in rounds — every
 * ticker's first window in one kernel call, then every second window warm-started from its
 * ticker's first-window parameters, and so on — so each origin starts from the previous origin's
 * estimate. Nothing is read from or written to the cache: a window is not a live series.
 */
export async function runOrigins(inner: ForecastModel<GarchOptions>, run: ModelRun<GarchOptions>, counters: CacheCounters): Promise<ModelBatchResult> {
  const { batch, horizonBars: h, levels } = run;
  const n = batch.tickers.length;
  const nq = 2 * levels.length;
  const result: ModelBatchResult = { ...emptyBatchResult(batch, h), intervalQuantiles: new Float64Array(n * nq) };
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (batch.errors[i]) continue;
    const k = seen.get(batch.tickers[i]) ?? 0;
    seen.set(batch.tickers[i], k + 1);
    (rounds[k] ??= []).push(i);
  }
  // The previous round's starts per ticker: each chain link's parameters (requested model, GJR).
  const previous = new Map<string, Float64Array[]>();
  for (const [r, indices] of rounds.entries()) {
    const warm = new Float64Array(indices.length * GARCH_MAX_PARAMS).fill(Number.NaN);
    const warmFallback = new Float64Array(indices.length * GARCH_MAX_PARAMS).fill(Number.NaN);
    const warmed = indices.map((i, k) => {
      const [first, second] = previous.get(batch.tickers[i]) ?? [];
      if (first) warm.set(first, k * GARCH_MAX_PARAMS);
      if (second) warmFallback.set(second, k * GARCH_MAX_PARAMS);
      return first !== undefined && Number.isFinite(first[0]);
    });
    const out = await inner.run({ ...run, batch: subsetBatch(batch, indices), warmStart: warm, warmStartFallback: warmFallback });
    result.computeMs += out.computeMs;
    result.queueMs += out.queueMs;
    result.backend = out.backend;
    indices.forEach((i, k) => {
      result.mean.set(out.mean.subarray(k * h, (k + 1) * h), i * h);
      result.variance.set(out.variance.subarray(k * h, (k + 1) * h), i * h);
      if (out.intervalQuantiles) result.intervalQuantiles!.set(out.intervalQuantiles.subarray(k * nq, (k + 1) * nq), i * nq);
      result.params[i] = out.params[k];
      result.errors[i] = out.errors[k];
      result.points[i] = out.points[k];
      const info: CacheInfo = warmed[k]
        ? { path: 'warm', reason: `backtest origin ${r + 1}, warm-started from origin ${r}`, barsSinceFit: 0, fittedAtMs: 0 }
        : { path: 'cold', reason: `backtest origin ${r + 1}`, barsSinceFit: 0, fittedAtMs: 0 };
      const d = out.details?.[k];
      result.details![i] = d ? { ...d, cache: info } : d;
      const f = out.fitted?.[k];
      if (f) previous.set(batch.tickers[i], f.chainParams);
      else previous.delete(batch.tickers[i]);
    });
    counters.bypassed += indices.length;
  }
  return result;
}
