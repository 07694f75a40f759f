import type { PreparedBatch } from '../core/series.js';
/** Copies the series at `indices` into a new packed batch (for refits of a few tickers). */
export function packSubset(values: Float64Array, offsets: Int32Array, indices: number[]) {
  let total = 0;
  for (const i of indices) total += offsets[i + 1] - offsets[i];
  const subValues = new Float64Array(total);
  const subOffsets = new Int32Array(indices.length + 1);
  let at = 0;
  indices.forEach((i, k) => {
    subValues.set(values.subarray(offsets[i], offsets[i + 1]), at);
    at += offsets[i + 1] - offsets[i];
    subOffsets[k + 1] = at;
  });
  return { values: subValues, offsets: subOffsets };
}

/** The tickers at `indices` of a prepared batch, as a batch of their own (same order as indices). */
export function subsetBatch(batch: PreparedBatch, indices: number[]): PreparedBatch {
  const level = packSubset(batch.level, batch.levelOffsets, indices);
  const returns = packSubset(batch.returns, batch.returnOffsets, indices);
  return {
    tickers: indices.map((i) => batch.tickers[i]),
    errors: indices.map((i) => batch.errors[i]),
    level: level.values,
    levelOffsets: level.offsets,
    levelKind: indices.map((i) => batch.levelKind[i]),
    returns: returns.values,
    returnOffsets: returns.offsets,
    returnsKind: batch.returnsKind,
    firstMs: Float64Array.from(indices, (i) => batch.firstMs[i]),
    lastMs: Float64Array.from(indices, (i) => batch.lastMs[i]),
    dropped: Int32Array.from(indices, (i) => batch.dropped[i]),
  };
}
