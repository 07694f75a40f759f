/** Small builders for preprocessing tests: series from plain arrays and the policy variants. */
import type { PreparedBatch, PreprocessPolicy, RawSeries, ValueColumn } from '../../src/core/series.js';

export const DEFAULTS: PreprocessPolicy = { missing: 'reject', order: 'sort', duplicates: 'keep_last', returns: 'log_pct' };
export const LIMITS = { maxPointsPerSeries: 1000 };

export function policy(overrides: Partial<PreprocessPolicy>): PreprocessPolicy {
  return { ...DEFAULTS, ...overrides };
}

/** RawSeries from arrays; `t` omitted means no timestamps sent. */
export function raw(ticker: string, cols: Partial<Record<ValueColumn | 't', number[]>>): RawSeries {
  const columns: RawSeries['columns'] = {};
  for (const [name, values] of Object.entries(cols)) {
    if (name !== 't' && values !== undefined) columns[name as ValueColumn] = Float64Array.from(values);
  }
  return { ticker, timestampsMs: Float64Array.from(cols.t ?? []), columns };
}

/** Series i's level values as a plain array. */
export function levelOf(batch: PreparedBatch, i: number): number[] {
  return Array.from(batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]));
}

export function returnsOf(batch: PreparedBatch, i: number): number[] {
  return Array.from(batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]));
}

/** Byte-level equality of every typed array, so NaN payloads and −0 count too. */
export function expectSameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;
}
