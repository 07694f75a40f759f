import { describe, expect, it } from 'vitest';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { DEFAULTS, LIMITS, raw } from './helpers.js';

function invalidOf(...series: ReturnType<typeof raw>[]): string[] {
  return prepareBatch(series, DEFAULTS, LIMITS).invalid;
}

describe('request-level validation', () => {
  it('a column whose length differs from the timestamps', () => {
    const t = Array.from({ length: 11 }, (_, i) => i);
    const close = Array.from({ length: 10 }, () => 1);
    expect(invalidOf(raw('AA', { t, close }))).toEqual(['series[0] (AA) close: 10 values but timestamps_ms has 11']);
  });

  it('without timestamps, columns are compared with the level column', () => {
    expect(invalidOf(raw('AA', { close: [1, 2, 3], high: [1, 2] }))).toEqual(['series[0] (AA) high: 2 values but close has 3']);
  });

  it('±Infinity is always invalid, in any column, whatever the missing policy', () => {
    const { invalid } = prepareBatch(
      [raw('AA', { t: [1, 2], close: [1, Infinity] }), raw('BB', { t: [1, 2], close: [1, 2], volume: [-Infinity, 1] })],
      { ...DEFAULTS, missing: 'drop' },
      LIMITS,
    );
    expect(invalid).toEqual([
      'series[0] (AA) close[1]: Infinity (never allowed)',
      'series[1] (BB) volume[0]: -Infinity (never allowed)',
    ]);
  });

  it('NaN or infinite timestamps', () => {
    expect(invalidOf(raw('AA', { t: [1, NaN, Infinity], close: [1, 2, 3] }))).toEqual([
      'series[0] (AA) timestamps_ms[1]: NaN and 1 more',
    ]);
  });

  it('an empty series, and a series with timestamps but no value column', () => {
    expect(invalidOf(raw('A', { close: [1] }), raw('IBM', {}), raw('C', { t: [1, 2] }))).toEqual([
      'series[1] (IBM): empty series',
      'series[2] (C): no value column (send close, OHLCV or ret)',
    ]);
  });

  it('a duplicate ticker names both places; the first one stays usable', () => {
    const s = (ticker: string) => raw(ticker, { close: [1, 2] });
    const { batch, invalid } = prepareBatch([s('A'), s('B'), s('MSFT'), s('C'), s('D'), s('MSFT')], DEFAULTS, LIMITS);
    expect(invalid).toEqual(['series[5] (MSFT): duplicate ticker, also series[2]']);
    expect(batch.errors[2]).toBeNull();
    expect(batch.errors[5]?.code).toBe('INVALID_ARGUMENT');
  });

  it('an empty ticker name', () => {
    expect(invalidOf(raw('', { close: [1, 2] }))).toEqual(['series[0]: empty ticker name']);
  });

  it('both ret and prices, and OHLCV without close', () => {
    expect(invalidOf(raw('A', { close: [1], ret: [1] }), raw('B', { open: [1], high: [1] }))).toEqual([
      'series[0] (A): both ret and price columns (close) sent; send one or the other',
      'series[1] (B): open, high sent without close; prices need close',
    ]);
  });

  it('more points than maxPointsPerSeries', () => {
    const { invalid } = prepareBatch([raw('BIG', { ret: [1, 2, 3, 4] })], DEFAULTS, { maxPointsPerSeries: 3 });
    expect(invalid).toEqual(['series[0] (BIG): 4 points exceeds max_points_per_series = 3']);
  });

  it('no series at all', () => {
    expect(prepareBatch([], DEFAULTS, LIMITS).invalid).toEqual(['no series (send series or arrow_ipc)']);
  });

  it('output order is input order, with the packed ranges to match', () => {
    const { batch } = prepareBatch([raw('Z', { ret: [1] }), raw('A', { ret: [2, 3] }), raw('M', {})], DEFAULTS, LIMITS);
    expect(batch.tickers).toEqual(['Z', 'A', 'M']);
    expect(Array.from(batch.levelOffsets)).toEqual([0, 1, 3, 3]);
    expect(Array.from(batch.level)).toEqual([1, 2, 3]);
  });
});
