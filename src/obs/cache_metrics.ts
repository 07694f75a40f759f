import { Counter, Gauge } from 'prom-client';
import type { FitCache } from '../cache/fit_cache.js';
import type { Metrics } from './metrics.js';

/**
 * The fitted-state cache's counters as Prometheus series, read at scrape time (the cache keeps
 * plain numbers, so it does not depend on the metrics registry).
 */
export function publishCacheMetrics(m: Metrics, cache: FitCache): void {
  const c = cache.counters;
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [m.registry],
      collect() {
        this.reset();
        this.inc(Math.max(0, read()));
      },
    });
  counter('tensorcast_cache_hits_total', 'Tickers served from a usable cached fit (incremental or warm refit)', () => c.hits);
  counter('tensorcast_cache_misses_total', 'Tickers with no usable cached fit (not cached, or the history differs)', () => c.misses);
  counter('tensorcast_cache_invalidations_total', 'Cached fits whose history no longer matched the request (edited, replaced, shortened)', () => c.invalidations);
  counter('tensorcast_cache_incremental_total', 'Forecasts from a cached state advanced over the new bars, without a fit', () => c.incremental);
  counter('tensorcast_cache_warm_fits_total', 'Refits warm-started from the cached parameters', () => c.warmFits);
  counter('tensorcast_cache_cold_fits_total', 'Fits from scratch by cached models', () => c.coldFits);
  counter('tensorcast_cache_bypassed_total', 'Tickers of calls with cache "bypass" (backtest windows included)', () => c.bypassed);
  counter('tensorcast_cache_evictions_total', 'Entries evicted by the cache.maxBytes bound', () => cache.store.evictions);
  new Gauge({
    name: 'tensorcast_cache_saved_seconds',
    help: 'Estimated kernel time saved: cold-fit seconds per series times served series, minus the time the cached paths took (can fall if warm fits cost more than cold ones)',
    registers: [m.registry],
    collect() {
      this.set(c.savedMs / 1000);
    },
  });
  new Gauge({ name: 'tensorcast_cache_entries', help: 'Fitted states held', registers: [m.registry], collect() { this.set(cache.store.size); } });
  new Gauge({ name: 'tensorcast_cache_bytes', help: 'Estimated resident bytes of the fitted states (bounded by cache.maxBytes)', registers: [m.registry], collect() { this.set(cache.store.bytes); } });
}
