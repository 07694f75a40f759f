// Reference: bench/reference/var_backtest_reference.R (base R, pchisq) → tests/reference/var_backtest.json,
// plus one case worked by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { varBacktest } from '../../src/evaluate/var_tests.js';

interface Case { name: string; level: number; hits: number[]; kupiecLr: number; kupiecP: number; christoffersenLr: number; christoffersenP: number }
const ref = JSON.parse(readFileSync(join(packageRoot(), 'tests/reference/var_backtest.json'), 'utf8')) as { cases: Case[] };

describe('VaR backtests', () => {
  it('no exceedance in 250 days at 99%: LR = −2·250·ln 0.99 = 5.0252, p = 0.0250 (hand)', () => {
    const r = varBacktest(new Array(250).fill(0), 0.99);
    expect(r.kupiecLr).toBeCloseTo(-500 * Math.log(0.99), 12);
    expect(r.kupiecP).toBeCloseTo(0.02498, 4);
    expect(r.christoffersenLr).toBe(0);
    expect(r.exceedances).toBe(0);
  });
  for (const c of ref.cases) {
    it(`${c.name}: Kupiec and Christoffersen statistics and p-values equal R's`, () => {
      const r = varBacktest(c.hits, c.level);
      expect(r.n).toBe(c.hits.length);
      for (const [got, want] of [[r.kupiecLr, c.kupiecLr], [r.kupiecP, c.kupiecP], [r.christoffersenLr, c.christoffersenLr], [r.christoffersenP, c.christoffersenP]]) {
        expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(want)));
      }
    });
  }
});
