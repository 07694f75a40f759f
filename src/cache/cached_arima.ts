import type { ArimaOptions } from '../models/arima/options.js';
import type { CacheInfo, FittedArima, ForecastModel, ModelBatchResult, ModelRun } from '../models/model.js';
import type { FitCache } from './fit_cache.js';
import { prefixDigest } from './fingerprint.js';
import { clockOf, decide } from './policy.js';
import { runArimaOrigins } from './origins.js';

/**
 * ARIMA behind the fitted-state cache. A series that extends a fresh cached fit (same prefix of
 * level values, by digest) is forecast at the cached orders and coefficients with one exact filter
 * pass over the whole series (O(n); the Kalman state is not kept, so this is not O(k) as for the
 * GARCH family, but it skips the order search and every candidate fit). A refit the policy asks for
 * runs cold: ARIMA's kernel has no warm-start input.
 */
export function cachedArimaModel(inner: ForecastModel<ArimaOptions>, cache: FitCache): ForecastModel<ArimaOptions> {
  return {
    ...inner,
    cached: true,
    async run(run: ModelRun<ArimaOptions>): Promise<ModelBatchResult> {
      const { batch, options } = run;
      const c = cache.counters;
      // Backtest windows ("origins": fitted in rounds, warm-started) and "bypass" neither read nor
      // write the cache.
      if (options.cache === 'origins') return runArimaOrigins(inner, run, c);
      if (options.cache === 'bypass') {
        const out = await inner.run(run);
        c.bypassed += batch.tickers.length;
        const info: CacheInfo = { path: 'bypass', reason: 'cache "bypass" requested', barsSinceFit: 0, fittedAtMs: 0 };
        out.details = out.details?.map((d) => (d ? { ...d, cache: info } : d));
        return out;
      }
      const now = cache.nowMs();
      const { cache: _c, ...fitOptions } = options;
      const modelKey = cache.fitKey(inner.name, fitOptions, batch.returnsKind);
      const n = batch.tickers.length;
      const fixed: (FittedArima | undefined)[] = new Array(n).fill(undefined);
      const info: (CacheInfo | undefined)[] = new Array(n).fill(undefined);
      const keys: string[] = [];
      for (let i = 0; i < n; i++) {
        if (batch.errors[i]) continue;
        const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
        keys[i] = cache.key(batch.tickers[i], modelKey, batch.levelKind[i]);
        const entry = cache.store.get(keys[i]);
        const matches = entry?.arima !== undefined && entry.n <= level.length && prefixDigest(level, entry.n) === entry.digest;
        if (entry && !matches) c.invalidations++;
        const d = decide(entry, matches, level.length, now, options.cache === 'refit', cache.settings, cache.calendar);
        if (d.path === 'incremental') {
          const a = d.entry.arima!;
          fixed[i] = { order: Int32Array.from(a.order), coef: Float64Array.from(a.coef, (v) => v ?? Number.NaN), sigma2: a.sigma2, params: d.entry.paramsByName, details: d.entry.details, modelsFitted: 0 };
          info[i] = { path: 'incremental', reason: d.reason, barsSinceFit: level.length - d.entry.fitN, fittedAtMs: d.entry.fittedAtMs };
        } else {
          info[i] = { path: 'cold', reason: d.path === 'warm' ? `${d.reason}; ARIMA refits start cold` : d.reason, barsSinceFit: 0, fittedAtMs: now };
          if (d.path === 'warm') c.hits++;
          else c.misses++;
        }
      }
      const out = await inner.run({ ...run, arimaFixed: fixed });
      let served = 0;
      let fits = 0;
      for (let i = 0; i < n; i++) {
        if (!keys[i]) continue;
        const f = out.fittedArima?.[i];
        if (out.errors[i] || !f) {
          cache.store.delete(keys[i]);
          continue;
        }
        const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
        const entry = cache.store.get(keys[i]);
        if (fixed[i] && f === fixed[i] && entry) {
          served++;
          entry.n = level.length;
          entry.digest = prefixDigest(level, level.length);
          entry.lastBarMs = batch.lastMs[i];
        } else {
          fits++;
          if (fixed[i]) info[i] = { path: 'cold', reason: 'cached fit unusable; refitted', barsSinceFit: 0, fittedAtMs: now };
          const { risk: _r, cache: _cc, ...details } = f.details;
          cache.store.set({
            key: keys[i],
            ticker: batch.tickers[i],
            model: inner.name,
            digest: prefixDigest(level, level.length),
            n: level.length,
            fitN: level.length,
            fittedAtMs: now,
            lastBarMs: batch.lastMs[i],
            clock: clockOf(batch.firstMs[i], batch.lastMs[i], level.length),
            spec: null,
            params: [],
            state: [],
            chainParams: [],
            arima: { order: Array.from(f.order), coef: Array.from(f.coef), sigma2: f.sigma2 },
            paramsByName: { ...f.params },
            details,
          });
        }
        if (out.details?.[i] && info[i]) out.details[i] = { ...out.details[i]!, cache: info[i] };
      }
      c.hits += served;
      c.incremental += served;
      if (served === 0) c.recordCold(fits, out.computeMs);
      else {
        c.coldFits += fits;
        c.recordCached(served + fits, out.computeMs);
      }
      return out;
    },
  };
}
