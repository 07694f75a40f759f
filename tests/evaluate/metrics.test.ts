// Expected values are worked by hand from the definitions in src/evaluate/metrics.ts (comments show the arithmetic).
import { describe, expect, it } from 'vitest';
import { coverage, directionalAccuracy, mae, mase, naiveScale, qlike, rmse, smape, varianceMse } from '../../src/evaluate/metrics.js';
import { chiSquare1Survival, erfc } from '../../src/stats/chi_square.js';

describe('point metrics', () => {
  const y = [1, 2, 3, 4];
  const f = [1.5, 2, 2, 5];
  it('RMSE and MAE', () => {
    // errors 0.5, 0, -1, 1: squares 0.25 + 0 + 1 + 1 = 2.25 → sqrt(2.25/4) = 0.75; |e| sum 2.5 → 0.625
    expect(rmse(y, f)).toBeCloseTo(0.75, 15);
    expect(mae(y, f)).toBeCloseTo(0.625, 15);
  });
  it('sMAPE in percent, a 0/0 term counts as 0', () => {
    // 200·0.5/(1 + 1.5) + 0 + 200·1/(3 + 2) + 200·1/(4 + 5) = 40 + 0 + 40 + 22.2222… = 102.2222…, / 4
    expect(smape(y, f)).toBeCloseTo((40 + 40 + 200 / 9) / 4, 12);
    expect(smape([0, 2], [0, 2])).toBe(0);
  });
  it('MASE scales each origin by its own naive MAE and skips a zero scale', () => {
    // |e| / s: 0.5/0.5 + 0/1 + 1/2 → (1 + 0 + 0.5)/3; the fourth origin has scale 0
    expect(mase(y, f, [0.5, 1, 2, 0])).toBeCloseTo(0.5, 15);
    // naive MAE of 1, 3, 2, 2 over rows 0..4: (2 + 1 + 0)/3 = 1
    expect(naiveScale([1, 3, 2, 2], 0, 4)).toBe(1);
    expect(naiveScale([5, 1, 3, 2, 2], 1, 5)).toBe(1);
  });
  it('coverage and directional accuracy', () => {
    expect(coverage([1, 2, 3, 4], [0, 2.5, 3, 0], [2, 3, 3, 3.9])).toBe(0.5); // rows 0 and 2 inside (bounds inclusive)
    // signs: (+,+) hit, (−,+) miss, (+,0) miss (no call), (−,−) hit
    expect(directionalAccuracy([1, -2, 3, -1], [0.5, 1, 0, -4])).toBe(0.5);
  });
  it('QLIKE and variance MSE against squared returns', () => {
    // y = 1, 2; s2 = 1, 2: (ln 1 + 1/1 + ln 2 + 4/2)/2 = (1 + 0.693147… + 2)/2; MSE ((1-1)^2 + (4-2)^2)/2 = 2
    expect(qlike([1, 2], [1, 2])).toBeCloseTo((3 + Math.LN2) / 2, 15);
    expect(varianceMse([1, 2], [1, 2])).toBe(2);
    expect(qlike([-1, 2], [1, 2])).toBe(qlike([1, 2], [1, 2])); // symmetric in the sign of the return
  });
});

describe('chi-square(1) tail', () => {
  it('matches known quantiles: 3.841459 → 0.05, 6.634897 → 0.01 (qchisq(0.95|0.99, 1))', () => {
    expect(chiSquare1Survival(3.841458820694124)).toBeCloseTo(0.05, 12);
    expect(chiSquare1Survival(6.6348966010212145)).toBeCloseTo(0.01, 12);
    expect(chiSquare1Survival(0)).toBe(1);
    expect(erfc(0)).toBe(1);
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 15);
  });
});
