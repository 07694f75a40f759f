/**
 * prepareBatch: validate, clean and form returns for every series of a request, as pure functions.
 * Request-level problems go to `invalid` (the server answers INVALID_ARGUMENT with them joined by
 * "; ") and also become that series' TickerError, so the streaming RPC can answer per ticker.
 * Problems that only make one ticker unusable (non-positive prices, nothing left after cleaning)
 * are TickerErrors only.
 */
import type { PreparedBatch, PreprocessPolicy, RawSeries } from '../core/series.js';
import { cleanSeries, type CleanSeries } from './clean.js';
import { findDuplicateTickers } from './duplicates.js';
import { seriesLabel } from './labels.js';
import { failedSeries, packBatch, type SeriesResult } from './pack.js';
import { describeMissing, type PreprocessLimits } from './policy.js';
import { priceReturnsPct } from './returns.js';
import { checkSeries, levelKindOf, type SeriesShape } from './validate.js';

export interface PrepareOutput {
  batch: PreparedBatch;
  invalid: string[];
}

/** Where a slice of a request sits in the whole request (set when the pool splits a request). */
export interface RequestSlice {
  /** Index in the request of this slice's first series, so messages name series[i] globally. */
  indexBase: number;
  /** Per series of the slice: request index of the first series with the same ticker, or −1. */
  duplicateOf: Int32Array;
}

/** A series that passed validation and cleaning: returns, or the per-ticker error that stops them. */
function cleanedSeries(ticker: string, shape: SeriesShape, clean: CleanSeries, policy: PreprocessPolicy): SeriesResult {
  const m = clean.level.length;
  if (m === 0) {
    const message = `no rows left after cleaning (${clean.dropped} of ${shape.n} dropped: missing ${shape.levelKind}, ${describeMissing(policy)})`;
    return failedSeries(ticker, shape.levelKind, { code: 'FAILED_PRECONDITION', message }, clean.dropped);
  }
  const returns = shape.levelKind === 'ret'
    ? { returns: clean.level, error: null }
    : priceReturnsPct(clean.level, clean.sourceRow, policy.returns);
  if (returns.error !== null) return failedSeries(ticker, shape.levelKind, returns.error, clean.dropped);
  return {
    ticker,
    levelKind: shape.levelKind,
    error: null,
    level: clean.level,
    returns: returns.returns,
    firstMs: clean.timestampsMs[0],
    lastMs: clean.timestampsMs[m - 1],
    dropped: clean.dropped,
  };
}

function prepareOne(
  raw: RawSeries,
  index: number,
  duplicateOf: number,
  policy: PreprocessPolicy,
  limits: PreprocessLimits,
  invalid: string[],
): SeriesResult {
  const label = seriesLabel(index, raw.ticker);
  const check = checkSeries(raw, label, policy, limits);
  const issues = duplicateOf >= 0 ? [`${label}: duplicate ticker, also series[${duplicateOf}]`, ...check.issues] : check.issues;
  // No issues means the shape check passed (it only returns null alongside an issue).
  const cleaned = issues.length === 0 ? cleanSeries(check.shape!, label, policy) : null;
  if (cleaned === null || cleaned.clean === null) {
    if (cleaned !== null) issues.push(...cleaned.issues);
    invalid.push(...issues);
    return failedSeries(raw.ticker, levelKindOf(raw), { code: 'INVALID_ARGUMENT', message: issues.join('; ') });
  }
  return cleanedSeries(raw.ticker, check.shape!, cleaned.clean, policy);
}

/**
 * The series of one request, or of one slice of it when `slice` says where the slice sits (the
 * pool's workers); both give the same batch and messages for the same series.
 */
export function prepareSeries(
  raw: readonly RawSeries[],
  policy: PreprocessPolicy,
  limits: PreprocessLimits,
  slice?: RequestSlice,
): PrepareOutput {
  const invalid: string[] = [];
  const indexBase = slice?.indexBase ?? 0;
  const duplicateOf = slice?.duplicateOf ?? findDuplicateTickers(raw.map((s) => s.ticker));
  const results = raw.map((s, i) => prepareOne(s, indexBase + i, duplicateOf[i], policy, limits, invalid));
  return { batch: packBatch(results, policy.returns), invalid };
}

export function prepareBatch(raw: readonly RawSeries[], policy: PreprocessPolicy, limits: PreprocessLimits): PrepareOutput {
  const out = prepareSeries(raw, policy, limits);
  if (raw.length === 0) out.invalid.push('no series (send series or arrow_ipc)');
  return out;
}
