import { describe, expect, it } from 'vitest';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { DEFAULTS, LIMITS, levelOf, policy, raw, returnsOf } from './helpers.js';

describe('missing values', () => {
  // close[2] is missing in a 5-row series at t = 10..50.
  const gappy = raw('MSFT', { t: [10, 20, 30, 40, 50], close: [1, 2, NaN, 4, 8] });

  it('reject: request-level message naming series, column, index and policy', () => {
    const { batch, invalid } = prepareBatch([raw('AA', { close: [1] }), gappy], policy({ missing: 'reject' }), LIMITS);
    expect(invalid).toEqual(['series[1] (MSFT) close[2]: NaN (missing_policy=reject)']);
    // The same words become that ticker's error, for the streaming RPC.
    expect(batch.errors[1]).toEqual({ code: 'INVALID_ARGUMENT', message: invalid[0] });
    expect(batch.errors[0]).toBeNull();
  });

  it('reject: repeated NaNs give one message with a count', () => {
    const { invalid } = prepareBatch([raw('AA', { close: [1, NaN, NaN, NaN] })], DEFAULTS, LIMITS);
    expect(invalid).toEqual(['series[0] (AA) close[1]: NaN (missing_policy=reject) and 2 more']);
  });

  it('drop: the row goes; 1, 2, 4, 8 at t = 10, 20, 40, 50; one row dropped', () => {
    const { batch, invalid } = prepareBatch([gappy], policy({ missing: 'drop' }), LIMITS);
    expect(invalid).toEqual([]);
    expect(levelOf(batch, 0)).toEqual([1, 2, 4, 8]);
    // Returns between kept rows: 100·ln 2 three times (2/1, 4/2, 8/4).
    for (const r of returnsOf(batch, 0)) expect(r).toBeCloseTo(69.31471805599453, 12);
    expect([batch.firstMs[0], batch.lastMs[0], batch.dropped[0]]).toEqual([10, 50, 1]);
  });

  it('ffill: the previous value is carried; nothing dropped', () => {
    const { batch } = prepareBatch([gappy], policy({ missing: 'ffill' }), LIMITS);
    expect(levelOf(batch, 0)).toEqual([1, 2, 2, 4, 8]);
    expect(returnsOf(batch, 0)[1]).toBe(0); // ln(2/2)
    expect(batch.dropped[0]).toBe(0);
  });

  it('ffill: a leading gap cannot be filled and is dropped', () => {
    const { batch } = prepareBatch([raw('L', { t: [1, 2, 3, 4], close: [NaN, NaN, 3, NaN] })], policy({ missing: 'ffill' }), LIMITS);
    expect(levelOf(batch, 0)).toEqual([3, 3]);
    expect([batch.firstMs[0], batch.lastMs[0], batch.dropped[0]]).toEqual([3, 4, 2]);
  });

  it('only the level column matters: NaN in open/volume is fine under reject', () => {
    const { batch, invalid } = prepareBatch(
      [raw('O', { open: [NaN, 1], high: [1, 1], low: [1, 1], close: [1, 2], volume: [NaN, NaN] })],
      DEFAULTS,
      LIMITS,
    );
    expect(invalid).toEqual([]);
    expect(levelOf(batch, 0)).toEqual([1, 2]);
  });

  it('all rows missing after drop: per-ticker FAILED_PRECONDITION, not a request error', () => {
    const { batch, invalid } = prepareBatch([raw('E', { ret: [NaN, NaN] }), raw('F', { ret: [1] })], policy({ missing: 'drop' }), LIMITS);
    expect(invalid).toEqual([]);
    expect(batch.errors[0]?.code).toBe('FAILED_PRECONDITION');
    expect(batch.errors[0]?.message).toMatch(/no rows left after cleaning \(2 of 2 dropped/);
    expect(batch.dropped[0]).toBe(2);
    expect(Array.from(batch.levelOffsets)).toEqual([0, 0, 1]);
  });
});

describe('order', () => {
  // Sent as t = 30, 10, 20 with closes 3, 1, 2.
  const shuffled = raw('S', { t: [30, 10, 20], close: [3, 1, 2] });

  it('sort: rows are sorted by timestamp', () => {
    const { batch, invalid } = prepareBatch([shuffled], policy({ order: 'sort' }), LIMITS);
    expect(invalid).toEqual([]);
    expect(levelOf(batch, 0)).toEqual([1, 2, 3]);
    expect([batch.firstMs[0], batch.lastMs[0]]).toEqual([10, 30]);
  });

  it('reject: the first out-of-order row is named', () => {
    const { invalid } = prepareBatch([shuffled], policy({ order: 'reject' }), LIMITS);
    expect(invalid).toEqual(['series[0] (S) timestamps_ms[1]: 10 is before timestamps_ms[0] = 30 (order_policy=reject)']);
  });
});

describe('duplicate timestamps', () => {
  // t = 1, 2, 2, 3: the second t = 2 row (close 5) was sent last.
  const dup = raw('D', { t: [1, 2, 2, 3], close: [1, 4, 5, 6] });

  it('keep_last: of equal timestamps the last row sent is kept; one dropped', () => {
    const { batch, invalid } = prepareBatch([dup], policy({ duplicates: 'keep_last' }), LIMITS);
    expect(invalid).toEqual([]);
    expect(levelOf(batch, 0)).toEqual([1, 5, 6]);
    expect(batch.dropped[0]).toBe(1);
  });

  it('keep_last after sorting keeps the last sent even when duplicates are far apart', () => {
    // t = 2 sent at rows 0 (close 7) and 3 (close 9): 9 wins.
    const { batch } = prepareBatch([raw('D', { t: [2, 1, 3, 2], close: [7, 1, 3, 9] })], DEFAULTS, LIMITS);
    expect(levelOf(batch, 0)).toEqual([1, 9, 3]);
  });

  it('reject: the repeat is named with the row it repeats', () => {
    const { invalid } = prepareBatch([dup], policy({ duplicates: 'reject' }), LIMITS);
    expect(invalid).toEqual(['series[0] (D) timestamps_ms[2]: 2 repeats timestamps_ms[1] (duplicate_policy=reject)']);
  });

  it('reject finds duplicates that only meet after sorting', () => {
    const { invalid } = prepareBatch([raw('D', { t: [2, 1, 2], close: [1, 1, 1] })], policy({ duplicates: 'reject' }), LIMITS);
    expect(invalid).toEqual(['series[0] (D) timestamps_ms[2]: 2 repeats timestamps_ms[0] (duplicate_policy=reject)']);
  });
});
