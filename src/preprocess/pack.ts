/**
 * Packing per-series results into one PreparedBatch (contiguous Float64Arrays with offsets, the
 * layout native kernels take) and merging batches from several workers back into request order.
 * Every array gets a buffer of its own so a worker can transfer them without copies.
 */
import type { PreparedBatch, ReturnsKind, TickerError } from '../core/series.js';

export interface SeriesResult {
  ticker: string;
  levelKind: 'close' | 'ret';
  error: TickerError | null;
  level: Float64Array;
  returns: Float64Array;
  firstMs: number;
  lastMs: number;
  dropped: number;
}

const EMPTY = new Float64Array(0);

/** A series that failed: empty ranges, NaN first/last times. */
export function failedSeries(
  ticker: string,
  levelKind: 'close' | 'ret',
  error: TickerError,
  dropped = 0,
): SeriesResult {
  return { ticker, levelKind, error, level: EMPTY, returns: EMPTY, firstMs: NaN, lastMs: NaN, dropped };
}

function concat(parts: readonly Float64Array[], offsets: Int32Array): Float64Array {
  const out = new Float64Array(offsets[offsets.length - 1]);
  parts.forEach((p, i) => out.set(p, offsets[i]));
  return out;
}

function offsetsOf(lengths: readonly number[]): Int32Array {
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((length, i) => (offsets[i + 1] = offsets[i] + length));
  return offsets;
}

export function packBatch(results: readonly SeriesResult[], returnsKind: ReturnsKind): PreparedBatch {
  const levelOffsets = offsetsOf(results.map((r) => r.level.length));
  const returnOffsets = offsetsOf(results.map((r) => r.returns.length));
  return {
    tickers: results.map((r) => r.ticker),
    errors: results.map((r) => r.error),
    level: concat(results.map((r) => r.level), levelOffsets),
    levelOffsets,
    levelKind: results.map((r) => r.levelKind),
    returns: concat(results.map((r) => r.returns), returnOffsets),
    returnOffsets,
    returnsKind,
    firstMs: Float64Array.from(results, (r) => r.firstMs),
    lastMs: Float64Array.from(results, (r) => r.lastMs),
    dropped: Int32Array.from(results, (r) => r.dropped),
  };
}

function concatTyped<T extends Float64Array | Int32Array>(parts: readonly T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Offsets of consecutive batches, each shifted by the values that come before it. */
function concatOffsets(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length - 1, 0) + 1);
  let at = 0;
  let shift = 0;
  for (const p of parts) {
    for (let i = 1; i < p.length; i++) out[at + i] = p[i] + shift;
    at += p.length - 1;
    shift += p[p.length - 1];
  }
  return out;
}

/** Batches of consecutive ticker ranges → the batch of the whole range, in the order given. */
export function mergeBatches(parts: readonly PreparedBatch[], returnsKind: ReturnsKind): PreparedBatch {
  if (parts.length === 1) return parts[0];
  const f64 = (n: number) => new Float64Array(n);
  return {
    tickers: parts.flatMap((p) => p.tickers),
    errors: parts.flatMap((p) => p.errors),
    level: concatTyped(parts.map((p) => p.level), f64),
    levelOffsets: concatOffsets(parts.map((p) => p.levelOffsets)),
    levelKind: parts.flatMap((p) => p.levelKind),
    returns: concatTyped(parts.map((p) => p.returns), f64),
    returnOffsets: concatOffsets(parts.map((p) => p.returnOffsets)),
    returnsKind,
    firstMs: concatTyped(parts.map((p) => p.firstMs), f64),
    lastMs: concatTyped(parts.map((p) => p.lastMs), f64),
    dropped: concatTyped(parts.map((p) => p.dropped), (n) => new Int32Array(n)),
  };
}
