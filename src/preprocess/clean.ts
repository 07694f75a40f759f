/**
 * Cleaning one series, in the documented order: sort by timestamp (stable) or reject disorder;
 * collapse equal timestamps to the last row sent or reject them; then drop or forward-fill missing
 * level values. Only the level column is cleaned: it is all that the batch carries.
 */
import type { PreprocessPolicy } from '../core/series.js';
import { andMore } from './labels.js';
import { describeDuplicates, describeOrder } from './policy.js';
import type { SeriesShape } from './validate.js';

export interface CleanSeries {
  timestampsMs: Float64Array;
  level: Float64Array;
  /**
   * The sent row each level value came from (for ffill, the row carried forward), for messages;
   * null when nothing moved (value k is row k).
   */
  sourceRow: Int32Array | null;
  /** Rows removed: superseded duplicates and dropped missing values. */
  dropped: number;
}

export type CleanResult = { clean: CleanSeries; issues: null } | { clean: null; issues: string[] };

/** Row order sorted by time; ties keep the order sent, so "last sent" stays last among equals. */
function sortedOrder(t: Float64Array): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i] >= t[i - 1];
  if (sorted) return null; // identity: the common case costs one scan
  const order = new Int32Array(t.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => t[a] - t[b] || a - b);
}

function orderIssue(t: Float64Array, label: string, policy: PreprocessPolicy): string | null {
  let first = -1;
  let count = 0;
  for (let i = 1; i < t.length; i++) {
    if (t[i] < t[i - 1]) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return null;
  return (
    `${label} timestamps_ms[${first}]: ${t[first]} is before timestamps_ms[${first - 1}] = ${t[first - 1]} ` +
    `(${describeOrder(policy)})${andMore(count)}`
  );
}

function duplicateIssue(t: Float64Array, order: Int32Array | null, label: string, policy: PreprocessPolicy): string | null {
  let first = -1;
  let count = 0;
  for (let k = 1; k < t.length; k++) {
    const a = order === null ? k - 1 : order[k - 1];
    const b = order === null ? k : order[k];
    if (t[a] === t[b]) {
      if (first < 0) first = k;
      count++;
    }
  }
  if (first < 0) return null;
  const a = order === null ? first - 1 : order[first - 1];
  const b = order === null ? first : order[first];
  return (
    `${label} timestamps_ms[${b}]: ${t[b]} repeats timestamps_ms[${a}] (${describeDuplicates(policy)})${andMore(count)}`
  );
}

/** Already sorted, strictly increasing and without gaps: the usual request, cleaned without copies. */
function isClean(t: Float64Array, level: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (!(t[i] > t[i - 1])) return false;
  for (let i = 0; i < level.length; i++) if (Number.isNaN(level[i])) return false;
  return true;
}

export function cleanSeries(shape: SeriesShape, label: string, policy: PreprocessPolicy): CleanResult {
  const { n, level, timestampsMs: t } = shape;
  if (isClean(t, level)) return { clean: { timestampsMs: t, level, sourceRow: null, dropped: 0 }, issues: null };
  if (policy.order === 'reject') {
    const issue = orderIssue(t, label, policy);
    if (issue !== null) return { clean: null, issues: [issue] };
  }
  const order = sortedOrder(t);
  if (policy.duplicates === 'reject') {
    const issue = duplicateIssue(t, order, label, policy);
    if (issue !== null) return { clean: null, issues: [issue] };
  }

  const outT = new Float64Array(n);
  const outV = new Float64Array(n);
  const outRow = new Int32Array(n);
  let m = 0;
  let carried = NaN;
  let carriedRow = -1;
  for (let k = 0; k < n; k++) {
    const row = order === null ? k : order[k];
    // Of equal timestamps only the last row sent is kept (it is last among equals after the stable sort).
    if (k + 1 < n && t[order === null ? k + 1 : order[k + 1]] === t[row]) continue;
    let value = level[row];
    let from = row;
    if (Number.isNaN(value)) {
      // missing=reject never gets here (validation refused the NaN); a leading gap cannot be filled.
      if (policy.missing !== 'ffill' || carriedRow < 0) continue;
      value = carried;
      from = carriedRow;
    } else {
      carried = value;
      carriedRow = row;
    }
    outT[m] = t[row];
    outV[m] = value;
    outRow[m] = from;
    m++;
  }
  return {
    // Views, not copies: packing copies them once into the batch.
    clean: { timestampsMs: outT.subarray(0, m), level: outV.subarray(0, m), sourceRow: outRow.subarray(0, m), dropped: n - m },
    issues: null,
  };
}
