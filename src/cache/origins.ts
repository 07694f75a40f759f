import { ARIMA_WARM_ROW } from '../native/arima.js';
import { GARCH_MAX_PARAMS } from '../native/garch.js';
import type { ArimaOptions } from '../models/arima/options.js';
import type { GarchOptions } from '../models/garch/options.js';
import { emptyBatchResult, type CacheInfo, type ForecastModel, type ModelBatchResult, type ModelRun } from '../models/model.js';
import { subsetBatch } from '../models/subbatch.js';
import type { CacheCounters } from './fit_cache.js';

/**
 * What carries one origin's estimates to the same ticker's next origin, per model family.
 * `start` gives the run fields that warm-start a round (one entry per series of the round, from
 * its ticker's previous window, or cold); `keep` stores what series k of a round's result leaves.
 */
interface WarmCarrier<Options> {
  start(tickers: string[]): { fields: Partial<ModelRun<Options>>; warmed: boolean[] };
  keep(ticker: string, out: ModelBatchResult, k: number): void;
  /** Extra words for a warm-started series' CacheInfo reason. */
  note(out: ModelBatchResult, k: number): string;
}

/** GARCH family: each link of the fallback chain (requested model, GJR) restarts from its own estimate. */
function garchCarrier(): WarmCarrier<GarchOptions> {
  const previous = new Map<string, Float64Array[]>();
  return {
    start(tickers) {
      const warm = new Float64Array(tickers.length * GARCH_MAX_PARAMS).fill(Number.NaN);
      const warmFallback = new Float64Array(tickers.length * GARCH_MAX_PARAMS).fill(Number.NaN);
      const warmed = tickers.map((t, k) => {
        const [first, second] = previous.get(t) ?? [];
        if (first) warm.set(first, k * GARCH_MAX_PARAMS);
        if (second) warmFallback.set(second, k * GARCH_MAX_PARAMS);
        return first !== undefined && Number.isFinite(first[0]);
      });
      return { fields: { warmStart: warm, warmStartFallback: warmFallback }, warmed };
    },
    keep(ticker, out, k) {
      const f = out.fitted?.[k];
      if (f) previous.set(ticker, f.chainParams);
      else previous.delete(ticker);
    },
    note: () => '',
  };
}

/**
 * ARIMA: the previous window's table of every candidate model's estimate (the automatic search's
 * candidates, or the one fixed order); each candidate of the next search starts from its entry.
 */
function arimaCarrier(): WarmCarrier<ArimaOptions> {
  const previous = new Map<string, Float64Array>();
  return {
    start(tickers) {
      const tables = tickers.map((t) => previous.get(t));
      return { fields: { arimaWarm: tables }, warmed: tables.map((t) => t !== undefined) };
    },
    keep(ticker, out, k) {
      const table = out.fittedArima?.[k]?.warm;
      if (table && table.length === ARIMA_WARM_ROW) previous.set(ticker, table);
      else previous.delete(ticker);
    },
    note(out, k) {
      const f = out.fittedArima?.[k];
      return f?.warmStarted !== undefined ? ` (${f.warmStarted} of ${f.modelsFitted} candidate fits started warm)` : '';
    },
  };
}

/**
 * Backtest windows (cache "origins"): the k-th series named T in the batch is T's k-th training
 * window, windows growing (expanding) or sliding forward. The windows are fitted in rounds — every
 * ticker's first window in one kernel call, then every second window warm-started from its
 * ticker's first-window estimates, and so on — so each origin starts from the previous origin's
 * estimate. Nothing is read from or written to the cache: a window is not a live series.
 */
async function runInRounds<Options>(inner: ForecastModel<Options>, run: ModelRun<Options>, counters: CacheCounters, carrier: WarmCarrier<Options>): Promise<ModelBatchResult> {
  const { batch, horizonBars: h, levels } = run;
  const n = batch.tickers.length;
  const nq = 2 * levels.length;
  const result: ModelBatchResult = { ...emptyBatchResult(batch, h), intervalQuantiles: new Float64Array(n * nq) };
  let anyQuantiles = false;
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (batch.errors[i]) continue;
    const k = seen.get(batch.tickers[i]) ?? 0;
    seen.set(batch.tickers[i], k + 1);
    (rounds[k] ??= []).push(i);
  }
  result.fittedArima = new Array(n).fill(undefined);
  for (const [r, indices] of rounds.entries()) {
    const { fields, warmed } = carrier.start(indices.map((i) => batch.tickers[i]));
    const out = await inner.run({ ...run, ...fields, batch: subsetBatch(batch, indices) });
    result.computeMs += out.computeMs;
    result.queueMs += out.queueMs;
    result.backend = out.backend;
    indices.forEach((i, k) => {
      result.mean.set(out.mean.subarray(k * h, (k + 1) * h), i * h);
      result.variance.set(out.variance.subarray(k * h, (k + 1) * h), i * h);
      if (out.intervalQuantiles) {
        anyQuantiles = true;
        result.intervalQuantiles!.set(out.intervalQuantiles.subarray(k * nq, (k + 1) * nq), i * nq);
      }
      result.params[i] = out.params[k];
      result.errors[i] = out.errors[k];
      result.points[i] = out.points[k];
      result.fittedArima![i] = out.fittedArima?.[k];
      const info: CacheInfo = warmed[k]
        ? { path: 'warm', reason: `backtest origin ${r + 1}, warm-started from origin ${r}${carrier.note(out, k)}`, barsSinceFit: 0, fittedAtMs: 0 }
        : { path: 'cold', reason: `backtest origin ${r + 1}`, barsSinceFit: 0, fittedAtMs: 0 };
      const d = out.details?.[k];
      result.details![i] = d ? { ...d, cache: info } : d;
      carrier.keep(batch.tickers[i], out, k);
    });
    counters.bypassed += indices.length;
  }
  if (!anyQuantiles) delete result.intervalQuantiles;
  return result;
}

export function runGarchOrigins(inner: ForecastModel<GarchOptions>, run: ModelRun<GarchOptions>, counters: CacheCounters): Promise<ModelBatchResult> {
  return runInRounds(inner, run, counters, garchCarrier());
}

export function runArimaOrigins(inner: ForecastModel<ArimaOptions>, run: ModelRun<ArimaOptions>, counters: CacheCounters): Promise<ModelBatchResult> {
  return runInRounds(inner, run, counters, arimaCarrier());
}
