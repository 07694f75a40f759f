import { GARCH_MAX_PARAMS, GARCH_STATE_SLOTS } from '../native/garch.js';
import type { NativeBinding } from '../native/binding.js';
import { canonical } from '../batching/signature.js';
import type { GarchOptions } from '../models/garch/options.js';
import { emptyBatchResult, type CacheInfo, type ForecastModel, type ModelBatchResult, type ModelRun } from '../models/model.js';
import { packSubset, subsetBatch } from '../models/subbatch.js';
import { PARAM_SLOTS } from '../native/binding.js';
import { normalQuantile } from '../stats/normal.js';
import type { CacheEntry } from './entry.js';
import type { FitCache } from './fit_cache.js';
import { prefixDigest } from './fingerprint.js';
import { clockOf, decide, type Decision } from './policy.js';
import { runGarchOrigins } from './origins.js';

interface Row {
  i: number;
  decision: Decision;
  key: string;
}

/** Interval quantile probabilities of a request's levels, lower then upper per level (as the GARCH model uses). */
function quantileProbs(levels: number[]): Float64Array {
  return Float64Array.from(levels.flatMap((l) => [(1 - l) / 2, (1 + l) / 2]));
}

function copyRow(dst: Float64Array, src: Float64Array, to: number, from: number, width: number) {
  dst.set(src.subarray(from * width, (from + 1) * width), to * width);
}

/**
 * A GARCH-family model behind the fitted-state cache. Per ticker: a series that extends a fresh
 * cached fit is forecast by advancing the cached filter state over the new bars (garchAdvance, no
 * fit); one the refit policy says is due is refitted warm-started from the cached parameters; the
 * rest are fitted cold. All three groups are one native call each for the whole batch.
 */
export function cachedModel(inner: ForecastModel<GarchOptions>, cache: FitCache, native: () => NativeBinding): ForecastModel<GarchOptions> {
  return {
    ...inner,
    cached: true,
    async run(run: ModelRun<GarchOptions>): Promise<ModelBatchResult> {
      const { batch, options, horizonBars: h, levels } = run;
      const c = cache.counters;
      if (options.cache === 'origins') return runGarchOrigins(inner, run, c);
      if (options.cache === 'bypass') {
        const out = await inner.run(run);
        c.bypassed += batch.tickers.length;
        const bypass: CacheInfo = { path: 'bypass', reason: 'cache "bypass" requested', barsSinceFit: 0, fittedAtMs: 0 };
        out.details = out.details?.map((d) => (d ? { ...d, cache: bypass } : d));
        return out;
      }
      const now = cache.nowMs();
      const modelKey = cache.modelKey(inner.name, options, batch.returnsKind);
      const rows: Row[] = [];
      for (let i = 0; i < batch.tickers.length; i++) {
        if (batch.errors[i]) continue;
        const r = batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]);
        const key = cache.key(batch.tickers[i], modelKey, batch.levelKind[i]);
        const entry = cache.store.get(key);
        const matches = entry !== undefined && entry.n <= r.length && prefixDigest(r, entry.n) === entry.digest;
        if (entry && !matches) c.invalidations++;
        rows.push({ i, key, decision: decide(entry, matches, r.length, now, options.cache === 'refit', cache.settings, cache.calendar) });
      }

      const n = batch.tickers.length;
      const nq = 2 * levels.length;
      const result: ModelBatchResult = { ...emptyBatchResult(batch, h), intervalQuantiles: new Float64Array(n * nq) };
      const info: (CacheInfo | undefined)[] = new Array(n).fill(undefined);
      const started = performance.now();

      const incremental = rows.filter((row) => row.decision.path === 'incremental');
      const failed = await advance(incremental, run, native(), result, info);
      const toFit = rows.filter((row) => row.decision.path !== 'incremental' || failed.has(row.i));
      c.hits += rows.length - toFit.length + toFit.filter((row) => row.decision.path === 'warm').length;
      c.misses += toFit.filter((row) => row.decision.path === 'cold').length;
      const incrementalMs = result.computeMs;
      c.incremental += incremental.length - failed.size;
      c.recordCached(incremental.length - failed.size, incrementalMs);

      if (toFit.length > 0) {
        const fitted = await fit(inner, toFit, failed, run, result, info, cache, now);
        c.warmFits += fitted.warm;
        // One kernel call ran both kinds: only an all-cold call measures the cold cost per series.
        if (fitted.warm === 0) c.recordCold(fitted.cold, fitted.ms);
        else {
          c.coldFits += fitted.cold;
          c.recordCached(fitted.warm + fitted.cold, fitted.ms);
        }
      }
      result.queueMs = Math.max(0, performance.now() - started - result.computeMs);
      for (let i = 0; i < n; i++) if (info[i] && result.details![i]) result.details![i] = { ...result.details![i], cache: info[i] };
      return result;
    },
  };
}

/** Forecasts the incremental rows from their cached states; returns the tickers it could not serve. */
async function advance(rows: Row[], run: ModelRun<GarchOptions>, native: NativeBinding, result: ModelBatchResult, info: (CacheInfo | undefined)[]) {
  const failed = new Set<number>();
  const { batch, options, horizonBars: h, levels } = run;
  const nq = 2 * levels.length;
  const V = options.varLevels.length;
  // One native call per specification (a ticker on the GJR fallback has the GJR spec; EWMA fallbacks have their own).
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const e = (row.decision as { entry: CacheEntry }).entry;
    const key = e.spec ? canonical(e.spec) : `ewma:${e.ewmaLambda}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(row);
  }
  for (const group of groups.values()) {
    const entries = group.map((row) => (row.decision as { entry: CacheEntry }).entry);
    const spec = entries[0].spec;
    if (!spec) {
      await advanceEwma(group, entries, run, native, result, info, failed);
      continue;
    }
    const params = new Float64Array(group.length * GARCH_MAX_PARAMS);
    const state = new Float64Array(group.length * GARCH_STATE_SLOTS);
    entries.forEach((e, k) => {
      params.set(e.params.map((v) => v ?? Number.NaN), k * GARCH_MAX_PARAMS);
      state.set(e.state.map((v) => v ?? Number.NaN), k * GARCH_STATE_SLOTS);
    });
    // Series k holds the returns after the entry's last one.
    const starts = group.map((row, k) => batch.returnOffsets[row.i] + entries[k].n);
    let total = 0;
    group.forEach((row, k) => (total += batch.returnOffsets[row.i + 1] - starts[k]));
    const values = new Float64Array(total);
    const offsets = new Int32Array(group.length + 1);
    group.forEach((row, k) => {
      values.set(batch.returns.subarray(starts[k], batch.returnOffsets[row.i + 1]), offsets[k]);
      offsets[k + 1] = offsets[k] + batch.returnOffsets[row.i + 1] - starts[k];
    });
    const out = await native.garchAdvance({
      spec,
      params,
      state,
      seriesIds: Int32Array.from(group, (row) => row.i),
      values,
      offsets,
      horizon: h,
      varTailProbs: Float64Array.from(options.varLevels, (l) => 1 - l),
      quantileProbs: quantileProbs(levels),
      seed: options.seed,
      paths: options.paths,
    });
    result.computeMs += out.computeMs;
    group.forEach((row, k) => {
      const e = entries[k];
      const i = row.i;
      if (out.status[k] !== 0 || !Number.isFinite(out.forecastVariance[k * h])) {
        failed.add(i);
        return;
      }
      copyRow(result.mean, out.forecastMean, i, k, h);
      copyRow(result.variance, out.forecastVariance, i, k, h);
      copyRow(result.intervalQuantiles!, out.quantiles, i, k, nq);
      const length = batch.returnOffsets[i + 1] - batch.returnOffsets[i];
      result.points[i] = length;
      result.params[i] = { ...e.paramsByName };
      result.details![i] = {
        ...e.details,
        risk: options.varLevels.map((level, l) => ({ level, valueAtRisk: out.valueAtRisk[k * V + l], expectedShortfall: out.expectedShortfall[k * V + l] })),
      };
      info[i] = { path: 'incremental', reason: row.decision.reason, barsSinceFit: length - e.fitN, fittedAtMs: e.fittedAtMs };
      // The entry now stands at the request's last bar.
      const r = batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]);
      e.n = length;
      e.digest = prefixDigest(r, length);
      e.state = Array.from(out.state.subarray(k * GARCH_STATE_SLOTS, (k + 1) * GARCH_STATE_SLOTS));
      e.lastBarMs = batch.lastMs[i];
    });
  }
  return failed;
}

/**
 * Tickers whose fallback chain ended in EWMA: one EWMA pass over the whole series (O(n), a few
 * microseconds), skipping the GARCH and GJR fits the chain rejected.
 */
async function advanceEwma(group: Row[], entries: CacheEntry[], run: ModelRun<GarchOptions>, native: NativeBinding, result: ModelBatchResult, info: (CacheInfo | undefined)[], failed: Set<number>) {
  const { batch, options, horizonBars: h, levels } = run;
  const lambda = entries[0].ewmaLambda!;
  const { values, offsets } = packSubset(batch.returns, batch.returnOffsets, group.map((row) => row.i));
  const out = await native.baselineBatch({ kind: 'ewma', values, offsets, horizon: h, lambda });
  result.computeMs += out.computeMs;
  const probs = quantileProbs(levels);
  group.forEach((row, k) => {
    const i = row.i;
    const e = entries[k];
    const sigma2 = out.params[k * PARAM_SLOTS + 1];
    if (out.status[k] !== 0 || !Number.isFinite(sigma2)) {
      failed.add(i);
      return;
    }
    copyRow(result.mean, out.mean, i, k, h);
    copyRow(result.variance, out.variance, i, k, h);
    probs.forEach((p, j) => (result.intervalQuantiles![i * probs.length + j] = normalQuantile(p)));
    const length = batch.returnOffsets[i + 1] - batch.returnOffsets[i];
    result.points[i] = length;
    result.params[i] = { lambda, sigma2 };
    const sd = Math.sqrt(sigma2);
    result.details![i] = {
      ...e.details,
      risk: options.varLevels.map((level) => {
        const z = normalQuantile(level);
        return { level, valueAtRisk: sd * z, expectedShortfall: (sd * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI) / (1 - level) };
      }),
    };
    info[i] = { path: 'incremental', reason: row.decision.reason, barsSinceFit: length - e.fitN, fittedAtMs: e.fittedAtMs };
    e.n = length;
    e.digest = prefixDigest(batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]), length);
    e.lastBarMs = batch.lastMs[i];
  });
}

/** Fits the rows (warm where the cached fit is of the requested model) and stores their states. */
async function fit(
  inner: ForecastModel<GarchOptions>,
  rows: Row[],
  failed: Set<number>,
  run: ModelRun<GarchOptions>,
  result: ModelBatchResult,
  info: (CacheInfo | undefined)[],
  cache: FitCache,
  now: number,
) {
  const { batch, horizonBars: h, levels } = run;
  const nq = 2 * levels.length;
  const indices = rows.map((row) => row.i);
  // Every link of the chain starts from its own previous estimate (the requested model's even when
  // the chain rejected it), so a ticker on the fallback is refitted warm too.
  const warm = new Float64Array(rows.length * GARCH_MAX_PARAMS).fill(Number.NaN);
  const warmFallback = new Float64Array(rows.length * GARCH_MAX_PARAMS).fill(Number.NaN);
  const isWarm = rows.map((row, k) => {
    const d = row.decision;
    if (d.path === 'cold' || failed.has(row.i)) return false;
    const [first, second] = d.entry.chainParams;
    if (!first || !Number.isFinite(first[0] ?? Number.NaN)) return false;
    warm.set(first.map((v) => v ?? Number.NaN), k * GARCH_MAX_PARAMS);
    if (second) warmFallback.set(second.map((v) => v ?? Number.NaN), k * GARCH_MAX_PARAMS);
    return true;
  });
  const sub = subsetBatch(batch, indices);
  const out = await inner.run({ ...run, batch: sub, warmStart: warm, warmStartFallback: warmFallback });
  result.computeMs += out.computeMs;
  let warmCount = 0;
  isWarm.forEach((w) => (warmCount += w ? 1 : 0));
  rows.forEach((row, k) => {
    const i = row.i;
    copyRow(result.mean, out.mean, i, k, h);
    copyRow(result.variance, out.variance, i, k, h);
    if (out.intervalQuantiles) copyRow(result.intervalQuantiles!, out.intervalQuantiles, i, k, nq);
    result.params[i] = out.params[k];
    result.errors[i] = out.errors[k];
    result.points[i] = out.points[k];
    result.details![i] = out.details?.[k];
    const path = isWarm[k] ? 'warm' : 'cold';
    const reason = failed.has(i) ? 'cached state unusable; refitted' : row.decision.reason;
    info[i] = { path, reason, barsSinceFit: 0, fittedAtMs: now };
    const f = out.fitted?.[k];
    const d = out.details?.[k];
    if (!f || !d || out.errors[k]) {
      cache.store.delete(row.key);
      return;
    }
    const r = batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]);
    const bars = batch.levelOffsets[i + 1] - batch.levelOffsets[i];
    const { risk: _risk, cache: _cache, ...details } = d;
    cache.store.set({
      key: row.key,
      ticker: batch.tickers[i],
      model: inner.name,
      digest: prefixDigest(r, r.length),
      n: r.length,
      fitN: r.length,
      fittedAtMs: now,
      lastBarMs: batch.lastMs[i],
      clock: clockOf(batch.firstMs[i], batch.lastMs[i], bars),
      spec: f.spec,
      ...(f.ewmaLambda !== undefined ? { ewmaLambda: f.ewmaLambda } : {}),
      params: Array.from(f.params),
      chainParams: f.chainParams.map((p) => Array.from(p)),
      state: Array.from(f.state),
      paramsByName: { ...out.params[k] },
      details,
    });
  });
  return { warm: warmCount, cold: rows.length - warmCount, ms: out.computeMs };
}

