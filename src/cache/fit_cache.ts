import { canonical } from '../batching/signature.js';
import type { GarchOptions } from '../models/garch/options.js';
import { ExchangeCalendar, type CalendarSettings } from './calendar.js';
import type { CacheEntry } from './entry.js';
import type { RefitPolicy } from './policy.js';
import { StateStore } from './store.js';

export interface FitCacheSettings extends RefitPolicy {
  maxBytes: number;
  calendar: CalendarSettings;
}

/** What the cache did, for metrics (counts of tickers, times in ms). */
export class CacheCounters {
  /** A usable entry was found (incremental or warm). */
  hits = 0;
  /** No entry, or one for a different history. */
  misses = 0;
  /** Entries whose history no longer matched the request's series. */
  invalidations = 0;
  incremental = 0;
  warmFits = 0;
  coldFits = 0;
  bypassed = 0;
  /** Estimated compute saved: a cold fit's mean time per series, minus what the cached path cost. */
  savedMs = 0;
  /** Mean cold-fit compute per series, from the cold fits seen so far. */
  coldMsPerSeries = 0;
  private coldSeries = 0;

  recordCold(series: number, ms: number): void {
    if (series <= 0) return;
    this.coldFits += series;
    this.coldSeries += series;
    this.coldMsPerSeries += (ms - series * this.coldMsPerSeries) / this.coldSeries;
  }

  recordCached(series: number, ms: number): void {
    if (series > 0 && this.coldSeries > 0) this.savedMs += series * this.coldMsPerSeries - ms;
  }
}

/**
 * The fitted-state cache: entries keyed by (ticker, model, fit-relevant options, returns kind),
 * the refit policy and the exchange calendar they age by.
 */
export class FitCache {
  readonly store: StateStore;
  readonly calendar: ExchangeCalendar;
  readonly counters = new CacheCounters();

  constructor(
    readonly settings: FitCacheSettings,
    readonly nowMs: () => number = Date.now,
  ) {
    this.store = new StateStore(settings.maxBytes);
    this.calendar = new ExchangeCalendar(settings.calendar);
  }

  /**
   * The part of a key shared by a call's tickers. Options that only shape the forecast (VaR
   * levels, simulation seed and paths) or the cache itself are left out: a cached fit serves them all.
   */
  modelKey(model: string, options: GarchOptions, returnsKind: string): string {
    const { cache: _cache, varLevels: _v, seed: _s, paths: _p, ...fit } = options;
    return this.fitKey(model, fit, returnsKind);
  }

  /** The same for any model: `fitOptions` are the options that shape its fit. */
  fitKey(model: string, fitOptions: object, returnsKind: string): string {
    return `${model}|${canonical(fitOptions)}|${returnsKind}`;
  }

  key(ticker: string, modelKey: string, levelKind: string): string {
    return `${ticker}\u0000${modelKey}|${levelKind}`;
  }

  entries(): CacheEntry[] {
    return this.store.values();
  }
}
