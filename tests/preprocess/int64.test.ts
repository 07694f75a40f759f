import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { int64Words, wordsDivToNumber, wordsToNumber } from '../../src/preprocess/int64.js';

// The reference is BigInt arithmetic, as apache-arrow's own getters do it:
// Number(v / d) + Number(v % d) / d (truncating division, remainder with the sign of v).
const reference = (v: bigint, d: bigint) => Number(v / d) + Number(v % d) / Number(d);

describe('int64 words without BigInt', () => {
  const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

  it('wordsToNumber equals Number(bigint) (correctly rounded)', () => {
    fc.assert(
      fc.property(fc.array(int64, { minLength: 1, maxLength: 8 }), (values) => {
        const w = int64Words(BigInt64Array.from(values), values.length);
        values.forEach((v, i) => expect(wordsToNumber(w, i)).toBe(Number(v)));
      }),
      { seed: 7, numRuns: 500 },
    );
    const big = BigUint64Array.from([2n ** 64n - 1n, 2n ** 63n]);
    const w = int64Words(big, 2);
    expect([wordsToNumber(w, 0), wordsToNumber(w, 1)]).toEqual([2 ** 64, 2 ** 63]);
  });

  it.each([1000n, 1_000_000n])('wordsDivToNumber(·, %d) equals the BigInt reference', (d) => {
    fc.assert(
      fc.property(int64, (v) => {
        expect(wordsDivToNumber(int64Words(BigInt64Array.of(v), 1), 0, Number(d))).toBe(reference(v, d));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('whole milliseconds in ns stay exact beyond 2^53 ns, before and after 1970', () => {
    // 2024-06-01T00:00:00.123Z = 1717200000123 ms; as ns that is 1.7e18, far above 2^53.
    for (const ms of [1717200000123, -1717200000123, 0, -1]) {
      const w = int64Words(BigInt64Array.of(BigInt(ms) * 1_000_000n), 1);
      expect(wordsDivToNumber(w, 0, 1_000_000)).toBe(ms);
    }
  });
});
