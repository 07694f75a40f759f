/**
 * Request-level checks on one series: shape (which columns, lengths, size limit) and values
 * (infinities, NaN under missing=reject, bad timestamps). Problems are returned as messages that
 * name the series, field and index; nothing is thrown.
 */
import { PRICE_COLUMNS } from '../core/series.js';
import type { PreprocessPolicy, RawSeries, ValueColumn } from '../core/series.js';
import { andMore } from './labels.js';
import { describeMissing, type PreprocessLimits } from './policy.js';

/** A series whose shape passed: n rows, the level column, and timestamps (row indices if none sent). */
export interface SeriesShape {
  n: number;
  levelKind: 'close' | 'ret';
  level: Float64Array;
  timestampsMs: Float64Array;
}

export interface SeriesCheck {
  issues: string[];
  /** Null when the shape is unusable; values may still have issues when it is set. */
  shape: SeriesShape | null;
}

function sentColumns(raw: RawSeries): ValueColumn[] {
  return (Object.keys(raw.columns) as ValueColumn[]).filter((c) => (raw.columns[c]?.length ?? 0) > 0);
}

/** The kind of level a series sends, for reporting even when the series is invalid. */
export function levelKindOf(raw: RawSeries): 'close' | 'ret' {
  return (raw.columns.ret?.length ?? 0) > 0 ? 'ret' : 'close';
}

function checkShape(raw: RawSeries, label: string, limits: PreprocessLimits, issues: string[]): SeriesShape | null {
  const sent = sentColumns(raw);
  const timestampsSent = raw.timestampsMs.length > 0;
  if (sent.length === 0) {
    issues.push(timestampsSent ? `${label}: no value column (send close, OHLCV or ret)` : `${label}: empty series`);
    return null;
  }
  const prices = sent.filter((c) => c !== 'ret');
  if (sent.includes('ret') && prices.length > 0) {
    issues.push(`${label}: both ret and price columns (${prices.join(', ')}) sent; send one or the other`);
    return null;
  }
  if (prices.length > 0 && !prices.includes('close')) {
    issues.push(`${label}: ${prices.join(', ')} sent without close; prices need close`);
    return null;
  }
  const levelKind = prices.length > 0 ? 'close' : 'ret';
  const level = raw.columns[levelKind]!;
  // Lengths are checked against the timestamps, or against the level column when none were sent.
  const [refName, n] = timestampsSent ? ['timestamps_ms', raw.timestampsMs.length] : [levelKind, level.length];
  let ok = true;
  for (const c of sent) {
    const length = raw.columns[c]!.length;
    if (length !== n) {
      issues.push(`${label} ${c}: ${length} values but ${refName} has ${n}`);
      ok = false;
    }
  }
  if (n > limits.maxPointsPerSeries) {
    issues.push(`${label}: ${n} points exceeds max_points_per_series = ${limits.maxPointsPerSeries}`);
    ok = false;
  }
  if (!ok) return null;
  const timestampsMs = timestampsSent ? raw.timestampsMs : indexTimestamps(n);
  return { n, levelKind, level, timestampsMs };
}

function indexTimestamps(n: number): Float64Array {
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = i;
  return t;
}

/** First index and count of values matching `bad`, without allocating in the common clean case. */
function scan(values: Float64Array, bad: (v: number) => boolean): { first: number; count: number } {
  let first = -1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (bad(values[i])) {
      if (first < 0) first = i;
      count++;
    }
  }
  return { first, count };
}

const isInfinite = (v: number) => v === Infinity || v === -Infinity;
const isNotFinite = (v: number) => !Number.isFinite(v);

function checkValues(raw: RawSeries, shape: SeriesShape, label: string, policy: PreprocessPolicy, issues: string[]): void {
  if (raw.timestampsMs.length > 0) {
    const { first, count } = scan(raw.timestampsMs, isNotFinite);
    if (first >= 0) issues.push(`${label} timestamps_ms[${first}]: ${raw.timestampsMs[first]}${andMore(count)}`);
  }
  // Column order as in the proto, so messages come out in a stable order.
  for (const c of [...PRICE_COLUMNS, 'ret'] as const) {
    const values = raw.columns[c];
    if (values === undefined || values.length === 0) continue;
    const inf = scan(values, isInfinite);
    if (inf.first >= 0) issues.push(`${label} ${c}[${inf.first}]: ${values[inf.first]} (never allowed)${andMore(inf.count)}`);
    if (c === shape.levelKind && policy.missing === 'reject') {
      const nan = scan(values, Number.isNaN);
      if (nan.first >= 0) issues.push(`${label} ${c}[${nan.first}]: NaN (${describeMissing(policy)})${andMore(nan.count)}`);
    }
  }
}

export function checkSeries(
  raw: RawSeries,
  label: string,
  policy: PreprocessPolicy,
  limits: PreprocessLimits,
): SeriesCheck {
  const issues: string[] = [];
  if (raw.ticker === '') issues.push(`${label}: empty ticker name`);
  const shape = checkShape(raw, label, limits, issues);
  if (shape !== null) checkValues(raw, shape, label, policy, issues);
  return { issues, shape };
}
