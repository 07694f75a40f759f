import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreprocessPolicy, RawSeries } from '../../src/core/series.js';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { cleanSeries } from '../../src/preprocess/clean.js';
import { checkSeries } from '../../src/preprocess/validate.js';

// Small timestamp and ticker alphabets so duplicates, shuffles and repeated tickers are common.
const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 1e-3, max: 1e6, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(NaN) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, Infinity, -Infinity, 1e-300, 1e300) },
);
const rawSeries: fc.Arbitrary<RawSeries> = fc
  .record({
    ticker: fc.constantFrom('', 'A', 'B', 'C', 'D', 'E', 'F'),
    n: fc.nat(25),
    withTimes: fc.boolean(),
    kind: fc.constantFrom('close', 'ret', 'ohlcv'),
    seed: fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), value, value), { maxLength: 25 }),
  })
  .map(({ ticker, n, withTimes, kind, seed }) => {
    const rows = seed.slice(0, n);
    const col = (k: 1 | 2) => Float64Array.from(rows, (r) => r[k]);
    const columns: RawSeries['columns'] =
      kind === 'ret' ? { ret: col(1) } : kind === 'close' ? { close: col(1) } : { open: col(2), close: col(1), volume: col(2) };
    return { ticker, timestampsMs: withTimes ? Float64Array.from(rows, (r) => r[0]) : new Float64Array(0), columns };
  });
const policyArb: fc.Arbitrary<PreprocessPolicy> = fc.record({
  missing: fc.constantFrom('reject', 'drop', 'ffill'),
  order: fc.constantFrom('sort', 'reject'),
  duplicates: fc.constantFrom('keep_last', 'reject'),
  returns: fc.constantFrom('log_pct', 'simple_pct'),
});

describe('prepareBatch properties', () => {
  it('never throws; usable tickers have finite values, consistent ranges and sorted unique timestamps', () => {
    let usable = 0;
    let withReturns = 0;
    fc.assert(
      fc.property(fc.array(rawSeries, { maxLength: 8 }), policyArb, (raws, policy) => {
        const { batch, invalid } = prepareBatch(raws, policy, { maxPointsPerSeries: 20 });
        expect(batch.tickers).toEqual(raws.map((s) => s.ticker));
        expect(batch.levelOffsets[raws.length]).toBe(batch.level.length);
        expect(batch.returnOffsets[raws.length]).toBe(batch.returns.length);
        // A request-level problem (other than "no series") is always attached to a ticker as INVALID_ARGUMENT.
        if (invalid.length > 0 && raws.length > 0) expect(batch.errors.some((e) => e?.code === 'INVALID_ARGUMENT')).toBe(true);
        raws.forEach((raw, i) => {
          const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
          const returns = batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]);
          if (batch.errors[i] !== null) {
            expect([level.length, returns.length]).toEqual([0, 0]);
            return;
          }
          usable++;
          if (returns.length > 1) withReturns++;
          expect(level.every(Number.isFinite)).toBe(true);
          expect(returns.every(Number.isFinite)).toBe(true);
          expect(returns.length).toBe(batch.levelKind[i] === 'ret' ? level.length : level.length - 1);
          // The cleaned series behind it: timestamps strictly increasing, matching first/last and count.
          const label = `series[${i}]`;
          const clean = cleanSeries(checkSeries(raw, label, policy, { maxPointsPerSeries: 20 }).shape!, label, policy).clean!;
          const t = clean.timestampsMs;
          for (let k = 1; k < t.length; k++) expect(t[k]).toBeGreaterThan(t[k - 1]);
          expect([t[0], t[t.length - 1], t.length]).toEqual([batch.firstMs[i], batch.lastMs[i], level.length]);
          expect(batch.dropped[i]).toBe(clean.dropped);
        });
      }),
      { seed: 20240601, numRuns: 1500 },
    );
    // The generator must reach the interesting path often, not only produce invalid requests.
    expect(usable).toBeGreaterThan(1000);
    expect(withReturns).toBeGreaterThan(300);
  });
});
