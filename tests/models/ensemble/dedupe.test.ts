import { describe, expect, it } from 'vitest';
import type { PreparedBatch } from '../../../src/core/series.js';
import { gatherResult, uniqueSeries } from '../../../src/models/ensemble/dedupe.js';
import { emptyBatchResult } from '../../../src/models/model.js';

function batchOf(series: { ticker: string; level: number[]; error?: boolean }[]): PreparedBatch {
  const level = series.flatMap((s) => s.level);
  const levelOffsets = new Int32Array(series.length + 1);
  series.forEach((s, i) => (levelOffsets[i + 1] = levelOffsets[i] + s.level.length));
  return {
    tickers: series.map((s) => s.ticker),
    errors: series.map((s) => (s.error ? { code: 'INVALID_ARGUMENT', message: 'bad' } : null)),
    level: Float64Array.from(level),
    levelOffsets,
    levelKind: series.map(() => 'close'),
    returns: new Float64Array(0),
    returnOffsets: new Int32Array(series.length + 1),
    returnsKind: 'log_pct',
    firstMs: new Float64Array(series.length),
    lastMs: new Float64Array(series.length),
    dropped: new Int32Array(series.length),
  };
}

describe('ensemble window dedupe', () => {
  it('keeps each distinct (ticker, values) once and maps every series to its row', () => {
    const b = batchOf([
      { ticker: 'A', level: [1, 2, 3] },
      { ticker: 'A', level: [1, 2] },
      { ticker: 'B', level: [1, 2, 3] }, // same values, other ticker: distinct
      { ticker: 'A', level: [1, 2, 3] }, // repeat of row 0
      { ticker: 'A', level: [1, 2, 4] }, // same length, other values: distinct
      { ticker: 'A', level: [1, 2], error: true }, // errored: never merged
    ]);
    const { unique, rowOf } = uniqueSeries(b);
    expect(rowOf).toEqual([0, 1, 2, 0, 3, 4]);
    expect(unique.tickers).toEqual(['A', 'A', 'B', 'A', 'A']);
    expect(Array.from(unique.level.subarray(unique.levelOffsets[3], unique.levelOffsets[4]))).toEqual([1, 2, 4]);
  });

  it('gathers result rows by index', () => {
    const b = batchOf([{ ticker: 'A', level: [1] }, { ticker: 'B', level: [2] }]);
    const r = emptyBatchResult(b, 2);
    r.mean.set([10, 11, 20, 21]);
    r.params = [{ a: 1 }, { b: 2 }];
    const g = gatherResult(r, 2, [1, 1, 0]);
    expect(Array.from(g.mean)).toEqual([20, 21, 20, 21, 10, 11]);
    expect(g.params).toEqual([{ b: 2 }, { b: 2 }, { a: 1 }]);
  });
});
