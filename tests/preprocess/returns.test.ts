import { describe, expect, it } from 'vitest';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { DEFAULTS, LIMITS, levelOf, policy, raw, returnsOf } from './helpers.js';

describe('returns from prices', () => {
  // Prices 100, 110, 99, 108.9: ratios 1.1, 0.9, 1.1.
  // log_pct: 100·ln 1.1 = 9.531017980432486, 100·ln 0.9 = −10.536051565782630 (ln values from
  // any table of natural logarithms: ln 1.1 = 0.0953101798043249, ln 0.9 = −0.1053605156578263).
  const prices = raw('AA', { t: [1, 2, 3, 4], close: [100, 110, 99, 108.9] });

  it('log_pct is 100·ln(p_t / p_{t−1}), n−1 values', () => {
    const { batch, invalid } = prepareBatch([prices], DEFAULTS, LIMITS);
    expect(invalid).toEqual([]);
    expect(batch.returnsKind).toBe('log_pct');
    const r = returnsOf(batch, 0);
    expect(r).toHaveLength(3);
    expect(r[0]).toBeCloseTo(9.531017980432486, 12);
    expect(r[1]).toBeCloseTo(-10.53605156578263, 12);
    expect(r[2]).toBeCloseTo(9.531017980432486, 12);
    expect(levelOf(batch, 0)).toEqual([100, 110, 99, 108.9]);
    expect(batch.levelKind).toEqual(['close']);
    expect([batch.firstMs[0], batch.lastMs[0], batch.dropped[0]]).toEqual([1, 4, 0]);
  });

  it('simple_pct is 100·(p_t / p_{t−1} − 1): +10 %, −10 %, +10 %', () => {
    const { batch } = prepareBatch([prices], policy({ returns: 'simple_pct' }), LIMITS);
    const r = returnsOf(batch, 0);
    expect(r[0]).toBeCloseTo(10, 12);
    expect(r[1]).toBeCloseTo(-10, 12);
    expect(r[2]).toBeCloseTo(10, 12);
  });

  it('a ret column passes through as is (n values) and is also the level', () => {
    const { batch } = prepareBatch([raw('R', { ret: [0.5, -1.25, 2] })], DEFAULTS, LIMITS);
    expect(returnsOf(batch, 0)).toEqual([0.5, -1.25, 2]);
    expect(levelOf(batch, 0)).toEqual([0.5, -1.25, 2]);
    expect(batch.levelKind).toEqual(['ret']);
    // No timestamps sent: row indices 0..n−1 stand in.
    expect([batch.firstMs[0], batch.lastMs[0]]).toEqual([0, 2]);
  });

  it('a non-positive price is a per-ticker INVALID_ARGUMENT; the other tickers are fine', () => {
    const { batch, invalid } = prepareBatch(
      [raw('OK1', { close: [1, 2] }), raw('NEG', { t: [1, 2, 3], close: [5, -1, 4] }), raw('OK2', { close: [4, 2] })],
      DEFAULTS,
      LIMITS,
    );
    expect(invalid).toEqual([]);
    expect(batch.errors[1]).toEqual({ code: 'INVALID_ARGUMENT', message: 'close[1] = -1: prices must be > 0 to form returns' });
    expect(batch.errors[0]).toBeNull();
    expect(batch.errors[2]).toBeNull();
    // The failed ticker has empty ranges; its neighbours are intact: ln 2 = 0.693147…, ln 0.5 = −0.693147…
    expect(levelOf(batch, 1)).toEqual([]);
    expect(returnsOf(batch, 1)).toEqual([]);
    expect(returnsOf(batch, 0)[0]).toBeCloseTo(69.31471805599453, 12);
    expect(returnsOf(batch, 2)[0]).toBeCloseTo(-69.31471805599453, 12);
  });

  it('a zero price is refused the same way, naming the row as sent (before sorting)', () => {
    const { batch } = prepareBatch([raw('Z', { t: [3, 1, 2], close: [5, 0, 4] })], DEFAULTS, LIMITS);
    expect(batch.errors[0]?.message).toBe('close[1] = 0: prices must be > 0 to form returns');
  });

  it('a ratio that overflows float64 is a per-ticker error, never an infinite return', () => {
    const { batch, invalid } = prepareBatch([raw('X', { close: [1e-300, 1e300] })], DEFAULTS, LIMITS);
    expect(invalid).toEqual([]);
    expect(batch.errors[0]?.code).toBe('INVALID_ARGUMENT');
    expect(batch.errors[0]?.message).toMatch(/overflows float64/);
  });
});
