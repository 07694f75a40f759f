import { prefixDigest } from '../../cache/fingerprint.js';
import type { PreparedBatch } from '../../core/series.js';
import type { ModelBatchResult } from '../model.js';
import { subsetBatch } from '../subbatch.js';

/**
 * The series of `batch` with repeats removed. In a backtest the ensemble's inner windows and the
 * outer windows overlap heavily (with step = horizon, inner origin k of outer origin j is outer
 * origin j - k), so each distinct window is fitted once. Two series are the same when their
 * ticker, level kind and level values are (by digest); an errored series is never merged.
 */
export function uniqueSeries(batch: PreparedBatch): { unique: PreparedBatch; rowOf: number[] } {
  const seen = new Map<string, number>();
  const keep: number[] = [];
  const rowOf = batch.tickers.map((ticker, i) => {
    const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
    const key = batch.errors[i] ? `#${i}` : `${ticker}\u0000${batch.levelKind[i]}\u0000${level.length}\u0000${prefixDigest(level, level.length)}`;
    const known = seen.get(key);
    if (known !== undefined) return known;
    seen.set(key, keep.length);
    keep.push(i);
    return keep.length - 1;
  });
  return { unique: keep.length === batch.tickers.length ? batch : subsetBatch(batch, keep), rowOf };
}

/** Row i of the answer is row rows[i] of `result` (a result over `count` series). */
export function gatherResult(result: ModelBatchResult, count: number, rows: number[]): ModelBatchResult {
  const h = count > 0 ? result.mean.length / count : 0;
  const pick = (src: Float64Array, width: number) => {
    const out = new Float64Array(rows.length * width);
    rows.forEach((r, i) => out.set(src.subarray(r * width, (r + 1) * width), i * width));
    return out;
  };
  return {
    mean: pick(result.mean, h),
    variance: pick(result.variance, h),
    params: rows.map((r) => result.params[r]),
    errors: rows.map((r) => result.errors[r]),
    points: Int32Array.from(rows, (r) => result.points[r]),
    computeMs: result.computeMs,
    queueMs: result.queueMs,
    backend: result.backend,
    ...(result.intervalQuantiles ? { intervalQuantiles: pick(result.intervalQuantiles, result.intervalQuantiles.length / count) } : {}),
    ...(result.details ? { details: rows.map((r) => result.details![r]) } : {}),
  };
}
