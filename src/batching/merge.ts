/**
 * Exact merging of several requests' series into one kernel batch and slicing the result back.
 * Nothing is recomputed: the kernels are per-series independent, so series i's numbers do not depend
 * on which other series share its call (models whose numbers do depend on the position, the
 * simulated forecasts, are configured out of batching).
 */
import type { PreparedBatch } from '../core/series.js';
import { unionBackends, type ModelBatchResult } from '../models/model.js';

/** Series [start, end) of one request's prepared batch. */
export interface SeriesRange {
  batch: PreparedBatch;
  start: number;
  end: number;
}

export function rangePoints(r: SeriesRange): number {
  const b = r.batch;
  return b.levelOffsets[r.end] - b.levelOffsets[r.start] + (b.returnOffsets[r.end] - b.returnOffsets[r.start]);
}

function isWhole(r: SeriesRange): boolean {
  return r.start === 0 && r.end === r.batch.tickers.length;
}

function concatValues(ranges: SeriesRange[], pick: (b: PreparedBatch) => { values: Float64Array; offsets: Int32Array }) {
  let total = 0;
  let count = 0;
  for (const r of ranges) {
    const { offsets } = pick(r.batch);
    total += offsets[r.end] - offsets[r.start];
    count += r.end - r.start;
  }
  const values = new Float64Array(total);
  const offsets = new Int32Array(count + 1);
  let at = 0;
  let k = 0;
  for (const r of ranges) {
    const src = pick(r.batch);
    const base = src.offsets[r.start];
    values.set(src.values.subarray(base, src.offsets[r.end]), at);
    for (let i = r.start; i < r.end; i++) offsets[++k] = at + (src.offsets[i + 1] - base);
    at += src.offsets[r.end] - base;
  }
  return { values, offsets };
}

function concatTyped<T extends Float64Array | Int32Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One PreparedBatch holding the given ranges' series in order. A single whole batch is returned as is. */
export function mergeRanges(ranges: SeriesRange[]): PreparedBatch {
  if (ranges.length === 1 && isWhole(ranges[0])) return ranges[0].batch;
  const level = concatValues(ranges, (b) => ({ values: b.level, offsets: b.levelOffsets }));
  const returns = concatValues(ranges, (b) => ({ values: b.returns, offsets: b.returnOffsets }));
  return {
    tickers: ranges.flatMap((r) => r.batch.tickers.slice(r.start, r.end)),
    errors: ranges.flatMap((r) => r.batch.errors.slice(r.start, r.end)),
    level: level.values,
    levelOffsets: level.offsets,
    levelKind: ranges.flatMap((r) => r.batch.levelKind.slice(r.start, r.end)),
    returns: returns.values,
    returnOffsets: returns.offsets,
    // Only response assembly reads returnsKind, and it reads the request's own batch, not this one.
    returnsKind: ranges[0].batch.returnsKind,
    firstMs: concatTyped(ranges.map((r) => r.batch.firstMs.subarray(r.start, r.end)), (n) => new Float64Array(n)),
    lastMs: concatTyped(ranges.map((r) => r.batch.lastMs.subarray(r.start, r.end)), (n) => new Float64Array(n)),
    dropped: concatTyped(ranges.map((r) => r.batch.dropped.subarray(r.start, r.end)), (n) => new Int32Array(n)),
  };
}

/** Series [start, end) of a batch result (copies, so the batch's arrays can be released). */
export function sliceResult(result: ModelBatchResult, seriesCount: number, start: number, end: number): ModelBatchResult {
  if (start === 0 && end === seriesCount) return result;
  const h = result.mean.length / seriesCount;
  const out: ModelBatchResult = {
    mean: result.mean.slice(start * h, end * h),
    variance: result.variance.slice(start * h, end * h),
    params: result.params.slice(start, end),
    errors: result.errors.slice(start, end),
    points: result.points.slice(start, end),
    computeMs: result.computeMs,
    queueMs: result.queueMs,
    backend: result.backend,
  };
  if (result.intervalQuantiles) {
    const nq = result.intervalQuantiles.length / seriesCount;
    out.intervalQuantiles = result.intervalQuantiles.slice(start * nq, end * nq);
  }
  if (result.details) out.details = result.details.slice(start, end);
  return out;
}

/**
 * The pieces of one request, in series order, as one result. Timing is left to the caller (it is
 * the request's own, not any one batch's).
 */
export function concatResults(parts: ModelBatchResult[]): ModelBatchResult {
  if (parts.length === 1) return parts[0];
  const withQuantiles = parts.every((p) => p.intervalQuantiles);
  const withDetails = parts.some((p) => p.details);
  return {
    mean: concatTyped(parts.map((p) => p.mean), (n) => new Float64Array(n)),
    variance: concatTyped(parts.map((p) => p.variance), (n) => new Float64Array(n)),
    params: parts.flatMap((p) => p.params),
    errors: parts.flatMap((p) => p.errors),
    points: concatTyped(parts.map((p) => p.points), (n) => new Int32Array(n)),
    computeMs: 0,
    queueMs: 0,
    backend: unionBackends(parts.map((p) => p.backend)),
    ...(withQuantiles ? { intervalQuantiles: concatTyped(parts.map((p) => p.intervalQuantiles!), (n) => new Float64Array(n)) } : {}),
    ...(withDetails ? { details: parts.flatMap((p) => p.details ?? new Array(p.params.length).fill(undefined)) } : {}),
  };
}
