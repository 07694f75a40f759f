/**
 * Grouping of long-format rows (one row per ticker and time) into per-ticker series, shared by the
 * Arrow and CSV decoders so both give the same ticker order: order of first appearance.
 */

export interface RowGroups {
  /** Ticker of each group, in order of first appearance. */
  keys: string[];
  /** Group g's rows are rows[starts[g] .. starts[g + 1]). */
  starts: Int32Array;
  /** Row indices grouped by ticker; ascending (row order preserved) within each group. */
  rows: Int32Array;
}

/** Groups from a group id per row, ids numbered in order of first appearance (0, 1, 2, …). */
export function groupRowsById(keys: string[], groupOfRow: Int32Array): RowGroups {
  const starts = new Int32Array(keys.length + 1);
  for (let i = 0; i < groupOfRow.length; i++) starts[groupOfRow[i] + 1]++;
  for (let g = 0; g < keys.length; g++) starts[g + 1] += starts[g];
  // Counting sort by group: stable, so rows keep their order within a ticker.
  const next = starts.slice(0, keys.length);
  const rows = new Int32Array(groupOfRow.length);
  for (let i = 0; i < groupOfRow.length; i++) rows[next[groupOfRow[i]]++] = i;
  return { keys, starts, rows };
}

export function groupRows(keyOfRow: readonly string[]): RowGroups {
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const groupOfRow = new Int32Array(keyOfRow.length);
  keyOfRow.forEach((key, i) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
    }
    groupOfRow[i] = id;
  });
  return groupRowsById(keys, groupOfRow);
}

/**
 * Group g's values of a whole-table column. A contiguous run (the usual layout) is a view, not a
 * copy: the series only live until preprocessing packs them, and the pool compacts views it sends.
 */
export function gatherGroup(column: Float64Array, groups: RowGroups, g: number): Float64Array {
  const from = groups.starts[g];
  const to = groups.starts[g + 1];
  const first = groups.rows[from];
  const last = groups.rows[to - 1];
  // Rows ascend within a group, so equal span and count means a contiguous run.
  if (last - first === to - from - 1) return column.subarray(first, last + 1);
  const out = new Float64Array(to - from);
  for (let k = from; k < to; k++) out[k - from] = column[groups.rows[k]];
  return out;
}
