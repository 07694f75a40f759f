import type { ExchangeCalendar } from './calendar.js';
import type { CacheEntry } from './entry.js';

export interface RefitPolicy {
  /** Refit (warm) once the parameters have not seen this many bars. */
  refitEveryBars: number;
  /** Daily series: refit after this many sessions closed since the fit. */
  maxAgeSessions: number;
  /** Intraday series: refit after this much trading time since the fit. */
  maxAgeTradingMinutes: number;
}

export type Decision =
  | { path: 'cold'; reason: string }
  | { path: 'warm'; reason: string; entry: CacheEntry }
  | { path: 'incremental'; reason: string; entry: CacheEntry; newBars: number };

/**
 * What to do for one ticker. `matches` says whether the request's series starts with the values
 * the entry has seen (checked by digest); `length` is the request's number of returns.
 */
export function decide(
  entry: CacheEntry | undefined,
  matches: boolean,
  length: number,
  nowMs: number,
  refitRequested: boolean,
  policy: RefitPolicy,
  calendar: ExchangeCalendar,
): Decision {
  if (!entry) return { path: 'cold', reason: 'not cached' };
  if (!matches) return { path: 'cold', reason: 'history differs from the cached series (edited, replaced or shortened)' };
  if (refitRequested) return { path: 'warm', reason: 'refit requested', entry };
  const unseen = length - entry.fitN;
  if (unseen >= policy.refitEveryBars) return { path: 'warm', reason: `${unseen} bars since the fit (cache.refitEveryBars ${policy.refitEveryBars})`, entry };
  if (entry.clock === 'daily') {
    const sessions = calendar.sessionsClosedBetween(entry.fittedAtMs, nowMs);
    if (sessions >= policy.maxAgeSessions) return { path: 'warm', reason: `${sessions} sessions closed since the fit (cache.maxAgeSessions ${policy.maxAgeSessions})`, entry };
  } else if (entry.clock === 'intraday') {
    const minutes = calendar.tradingMsBetween(entry.fittedAtMs, nowMs) / 60_000;
    if (minutes >= policy.maxAgeTradingMinutes) {
      return { path: 'warm', reason: `${Math.floor(minutes)} trading minutes since the fit (cache.maxAgeTradingMinutes ${policy.maxAgeTradingMinutes})`, entry };
    }
  }
  return { path: 'incremental', reason: unseen === 0 ? 'cached fit of this series' : `${unseen} new bars on a fresh fit`, entry, newBars: length - entry.n };
}

/** Daily, intraday or untimed, from a series' bar spacing (preprocessing uses row numbers when no timestamps were sent). */
export function clockOf(firstMs: number, lastMs: number, bars: number): CacheEntry['clock'] {
  if (firstMs === 0 && lastMs === bars - 1) return 'untimed';
  const spacingMs = bars > 1 ? (lastMs - firstMs) / (bars - 1) : Number.POSITIVE_INFINITY;
  return spacingMs >= 6 * 3_600_000 ? 'daily' : 'intraday';
}
