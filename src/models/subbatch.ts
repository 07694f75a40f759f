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
