/** Test helpers: packing plain arrays into the batch layout and reading rows back. */

export function pack(series: readonly (readonly number[])[]): { values: Float64Array; offsets: Int32Array } {
  const offsets = new Int32Array(series.length + 1);
  series.forEach((s, i) => (offsets[i + 1] = offsets[i] + s.length));
  const values = new Float64Array(offsets[series.length]);
  series.forEach((s, i) => values.set(s, offsets[i]));
  return { values, offsets };
}

/** Row i of a series-major array with `width` columns, as a plain array. */
export function row(a: Float64Array, i: number, width: number): number[] {
  return Array.from(a.subarray(i * width, (i + 1) * width));
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
