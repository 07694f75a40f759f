/**
 * Batch-shape buckets: every forward pass runs at one of a few fixed batch sizes, each warmed up at
 * start-up, so no request meets a first-use cost (kernel set-up, allocation) on the serving path.
 */

/** [start, rows, paddedRows] per forward pass for n windows. */
export function bucketPlan(n: number, buckets: number[]): [number, number, number][] {
  const largest = buckets[buckets.length - 1];
  const out: [number, number, number][] = [];
  for (let start = 0; start < n; start += largest) {
    const rows = Math.min(largest, n - start);
    out.push([start, rows, buckets.find((b) => b >= rows)!]);
  }
  return out;
}
