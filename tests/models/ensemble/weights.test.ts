// Weights: properties (fast-check) and constrained least squares against a brute-force grid over the
// simplex; mixture quantiles against a numerically integrated mixture density.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mixtureMean, mixtureQuantile, mixtureVariance } from '../../../src/models/ensemble/mixture.js';
import { constrainedLsWeights, inverseMseWeights, sumSquaredError } from '../../../src/models/ensemble/weights.js';

const matrix = (rows: number, M: number) =>
  fc.tuple(
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: rows * M, maxLength: rows * M }),
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: rows, maxLength: rows }),
  );

describe('ensemble weights', () => {
  it('both rules give non-negative weights summing to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((M) => matrix(12, M).map(([F, y]) => ({ M, F: Float64Array.from(F), y: Float64Array.from(y) }))), ({ M, F, y }) => {
        for (const w of [inverseMseWeights(F, y, M), constrainedLsWeights(F, y, M)]) {
          expect(w.every((v) => v >= 0)).toBe(true);
          expect(Math.abs(w.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('inverse MSE by hand: MSEs 1 and 4 give 0.8 and 0.2', () => {
    // member 0 errs by 1 on every row, member 1 by 2
    const y = Float64Array.of(0, 0, 0);
    const F = Float64Array.of(1, 2, -1, -2, 1, 2);
    expect(Array.from(inverseMseWeights(F, y, 2))).toEqual([0.8, 0.2].map((v) => expect.closeTo(v, 15)));
  });

  it('constrained least squares reaches the minimum of a fine grid over the simplex (3 members)', () => {
    fc.assert(
      fc.property(matrix(10, 3), ([Fa, ya]) => {
        const F = Float64Array.from(Fa);
        const y = Float64Array.from(ya);
        const w = constrainedLsWeights(F, y, 3);
        let grid = Infinity;
        const n = 200;
        for (let a = 0; a <= n; a++) for (let b = 0; a + b <= n; b++) grid = Math.min(grid, sumSquaredError(F, y, [a / n, b / n, (n - a - b) / n], 3));
        expect(sumSquaredError(F, y, w, 3)).toBeLessThanOrEqual(grid + 1e-9 * Math.max(1, grid));
      }),
      { numRuns: 40 },
    );
  });
});

describe('mixture of Gaussians', () => {
  const comps = [
    { weight: 0.3, mean: -1, variance: 0.25 },
    { weight: 0.7, mean: 2, variance: 1.44 },
  ];
  it('mean and variance by the law of total variance (hand)', () => {
    // mean 0.3·(−1) + 0.7·2 = 1.1; E[x²] = 0.3·(0.25 + 1) + 0.7·(1.44 + 4) = 0.375 + 3.808 = 4.183; var = 4.183 − 1.21
    expect(mixtureMean(comps)).toBeCloseTo(1.1, 15);
    expect(mixtureVariance(comps)).toBeCloseTo(2.973, 14);
  });
  it('quantiles equal those of the numerically integrated mixture density', () => {
    const density = (x: number) => comps.reduce((s, c) => s + (c.weight * Math.exp(-((x - c.mean) ** 2) / (2 * c.variance))) / Math.sqrt(2 * Math.PI * c.variance), 0);
    // Simpson's rule on [−12, x]
    const cdf = (x: number) => {
      const a = -12, n = 20000, hstep = (x - a) / n;
      let s = density(a) + density(x);
      for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * density(a + k * hstep);
      return (s * hstep) / 3;
    };
    for (const p of [0.025, 0.1, 0.3, 0.5, 0.9, 0.975]) {
      const q = mixtureQuantile(comps, p);
      expect(cdf(q)).toBeCloseTo(p, 9);
    }
  });
});
