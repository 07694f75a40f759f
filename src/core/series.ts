/**
 * Series shapes shared by the edge, the preprocessing pool and the compute layer.
 * Arrays are typed so batches can be transferred to workers and handed to native code without copies.
 */

export const PRICE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
export const VALUE_COLUMNS = [...PRICE_COLUMNS, 'ret'] as const;
export type ValueColumn = (typeof VALUE_COLUMNS)[number];

export type MissingPolicy = 'reject' | 'drop' | 'ffill';
export type OrderPolicy = 'sort' | 'reject';
export type DuplicatePolicy = 'keep_last' | 'reject';
export type ReturnsKind = 'log_pct' | 'simple_pct';

export interface PreprocessPolicy {
  missing: MissingPolicy;
  order: OrderPolicy;
  duplicates: DuplicatePolicy;
  returns: ReturnsKind;
}

/**
 * One ticker's columns exactly as decoded from either wire encoding (repeated messages or Arrow IPC).
 * A missing value is NaN. Columns that were not sent are absent.
 */
export interface RawSeries {
  ticker: string;
  /**
   * Epoch milliseconds, one per row. Empty when the sender sent no timestamps: preprocessing then uses
   * the row indices 0..n-1 as timestamps (so firstMs/lastMs are row numbers for such a series).
   */
  timestampsMs: Float64Array;
  /** A column that was not sent is absent; an empty array counts as not sent. */
  columns: Partial<Record<ValueColumn, Float64Array>>;
}

/** A per-ticker failure carried as data inside a batch (never thrown). */
export interface TickerError {
  code: 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'INTERNAL' | 'UNAVAILABLE' | 'DEADLINE_EXCEEDED';
  message: string;
}

/**
 * The output of preprocessing for a whole request, packed for native kernels: series i occupies
 * values[offsets[i] .. offsets[i+1]) of `level` and of `returns`. A ticker with an error has empty
 * ranges. Order is the request's ticker order whatever the worker scheduling.
 */
export interface PreparedBatch {
  tickers: string[];
  errors: (TickerError | null)[];
  /** The series as sent after cleaning: close prices, or the `ret` column when returns were sent. */
  level: Float64Array;
  levelOffsets: Int32Array;
  /** 'close' when prices were sent, 'ret' when returns were sent. */
  levelKind: ('close' | 'ret')[];
  /** Returns in percent (log x 100 by default); pass-through of `ret` when returns were sent. */
  returns: Float64Array;
  returnOffsets: Int32Array;
  returnsKind: ReturnsKind;
  /** First and last timestamp of the cleaned series (row indices if none were sent); NaN for an error ticker. */
  firstMs: Float64Array;
  lastMs: Float64Array;
  /** Rows removed by cleaning (missing values dropped, duplicate timestamps). */
  dropped: Int32Array;
}

export function seriesCount(batch: PreparedBatch): number {
  return batch.tickers.length;
}
