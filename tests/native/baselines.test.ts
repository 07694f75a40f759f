import { describe, it, expect } from 'vitest';
import { loadNative, type BaselineBatchInput } from '../../src/native/binding.js';
import { NativeStatus } from '../../src/native/status.js';
import { pack } from './pack.js';

const native = loadNative();

/** Runs one series through the addon and returns its row of every output. */
async function one(input: Omit<BaselineBatchInput, 'values' | 'offsets'>, x: readonly number[]) {
  const out = await native.baselineBatch({ ...input, ...pack([x]) });
  return { status: out.status[0], mean: [...out.mean], variance: [...out.variance], params: [...out.params] };
}

/** Relative tolerance of a few ulps' worth of summation-order difference. */
function expectClose(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12));
}

describe('random_walk', () => {
  it('matches the closed form on a hand-worked series', async () => {
    // By hand: diffs 2, -1, 4, -1; squares sum to 22 over 4 residuals, so sigma2 = 5.5;
    // mean_k = last value 14, var_k = 5.5 k.
    const r = await one({ kind: 'random_walk', horizon: 3 }, [10, 12, 11, 15, 14]);
    expect(r.status).toBe(NativeStatus.OK);
    expectClose(r.mean, [14, 14, 14]);
    expectClose(r.variance, [5.5, 11, 16.5]);
    expect(r.params[0]).toBeCloseTo(5.5, 12);
    expect(r.params.slice(1)).toEqual([NaN, NaN, NaN]);
  });

  it('returns variance 0 for a constant series', async () => {
    // Every difference of a constant series is 0, so sigma2 = 0 by the definition.
    const r = await one({ kind: 'random_walk', horizon: 2 }, [3, 3, 3, 3]);
    expect(r.status).toBe(NativeStatus.OK);
    expect(r.mean).toEqual([3, 3]);
    expect(r.variance).toEqual([0, 0]);
  });
});

describe('drift', () => {
  it('matches the closed form on a hand-worked series', async () => {
    // By hand: c = (9 - 1) / 4 = 2; residuals 2-2, 1-2, 4-2, 1-2 = 0, -1, 2, -1, squares sum 6,
    // sigma2 = 6 / (5 - 2) = 2; mean_k = 9 + 2k; var_k = 2k (1 + k/4) = 2.5, 6, 10.5.
    const r = await one({ kind: 'drift', horizon: 3 }, [1, 3, 4, 8, 9]);
    expect(r.status).toBe(NativeStatus.OK);
    expectClose(r.mean, [11, 13, 15]);
    expectClose(r.variance, [2.5, 6, 10.5]);
    expectClose(r.params.slice(0, 2), [2, 2]);
    expect(r.params.slice(2)).toEqual([NaN, NaN]);
  });

  it('returns drift 0 and variance 0 for a constant series', async () => {
    // A constant series has x[n-1] = x[0] (c = 0) and no residual.
    const r = await one({ kind: 'drift', horizon: 2 }, [7, 7, 7]);
    expect(r.status).toBe(NativeStatus.OK);
    expect(r.mean).toEqual([7, 7]);
    expect(r.variance).toEqual([0, 0]);
    expect(r.params.slice(0, 2)).toEqual([0, 0]);
  });
});

describe('seasonal_naive', () => {
  it('matches the closed form on a hand-worked series', async () => {
    // By hand, m = 3, last season x[5..7] = 5, 4, 5 repeats; residuals x_t - x_{t-3} for t = 3..7 are
    // 1, 2, 2, 2, 1, squares sum 14 over 5, sigma2 = 2.8; var_k = 2.8 * (floor((k-1)/3) + 1).
    const r = await one({ kind: 'seasonal_naive', horizon: 7, period: 3 }, [1, 2, 3, 2, 4, 5, 4, 5]);
    expect(r.status).toBe(NativeStatus.OK);
    expectClose(r.mean, [5, 4, 5, 5, 4, 5, 5]);
    expectClose(r.variance, [2.8, 2.8, 2.8, 5.6, 5.6, 5.6, 8.4]);
    expectClose(r.params.slice(0, 2), [2.8, 3]);
    expect(r.params.slice(2)).toEqual([NaN, NaN]);
  });

  it('with m = 1 is the random walk', async () => {
    // The definitions coincide at m = 1: same residuals, var_k = sigma2 * k. Values from the
    // random_walk hand computation above.
    const r = await one({ kind: 'seasonal_naive', horizon: 3, period: 1 }, [10, 12, 11, 15, 14]);
    expectClose(r.mean, [14, 14, 14]);
    expectClose(r.variance, [5.5, 11, 16.5]);
  });

  it('reports BAD_PARAMETER for period < 1', async () => {
    // The definition requires m >= 1.
    for (const period of [0, -2]) {
      const r = await one({ kind: 'seasonal_naive', horizon: 2, period }, [1, 2, 3, 4]);
      expect(r.status).toBe(NativeStatus.BAD_PARAMETER);
      expect(r.mean).toEqual([NaN, NaN]);
      expect(r.params).toEqual([NaN, NaN, NaN, NaN]);
    }
  });
});

describe('ewma', () => {
  it('matches the recursion unrolled by hand (lambda = 0.5, exact in binary)', async () => {
    // Seed (1 + 4 + 9 + 1) / 4 = 3.75; then 0.5 s + 0.5 r^2:
    // 2.375, 3.1875, 6.09375, 3.546875 (all exactly representable).
    const r = await one({ kind: 'ewma', horizon: 2, lambda: 0.5 }, [1, -2, 3, -1]);
    expect(r.status).toBe(NativeStatus.OK);
    expect(r.mean).toEqual([0, 0]);
    expect(r.variance).toEqual([3.546875, 3.546875]);
    expect(r.params.slice(0, 2)).toEqual([0.5, 3.546875]);
    expect(r.params.slice(2)).toEqual([NaN, NaN]);
  });

  it('matches the RiskMetrics recursion unrolled explicitly (lambda = 0.94)', async () => {
    // The recursion written out step by step, independently of the kernel's loop.
    let s2 = (0.5 ** 2 + 1.2 ** 2 + 0.8 ** 2 + 2.0 ** 2) / 4;
    s2 = 0.94 * s2 + 0.06 * 0.5 ** 2;
    s2 = 0.94 * s2 + 0.06 * 1.2 ** 2;
    s2 = 0.94 * s2 + 0.06 * 0.8 ** 2;
    s2 = 0.94 * s2 + 0.06 * 2.0 ** 2;
    const r = await one({ kind: 'ewma', horizon: 3, lambda: 0.94 }, [0.5, -1.2, 0.8, 2.0]);
    expect(r.status).toBe(NativeStatus.OK);
    expectClose(r.variance, [s2, s2, s2]);
    expectClose(r.params.slice(0, 2), [0.94, s2]);
  });

  it('returns variance 0 for all-zero returns', async () => {
    // Seed and every update are 0.
    const r = await one({ kind: 'ewma', horizon: 1, lambda: 0.94 }, [0, 0, 0]);
    expect(r.status).toBe(NativeStatus.OK);
    expect(r.variance).toEqual([0]);
  });

  it('reports BAD_PARAMETER for lambda outside (0, 1)', async () => {
    // The definition requires 0 < lambda < 1; NaN is not in the interval either.
    for (const lambda of [0, 1, -0.5, 1.5, NaN]) {
      const r = await one({ kind: 'ewma', horizon: 1, lambda }, [1, 2, 3]);
      expect(r.status, `lambda ${lambda}`).toBe(NativeStatus.BAD_PARAMETER);
    }
  });
});

describe('status codes shared by all kernels', () => {
  const cases: [string, Omit<BaselineBatchInput, 'values' | 'offsets'>, number][] = [
    // Minimum lengths from the definitions: random_walk n >= 2, drift n >= 3, seasonal n >= m+1, ewma n >= 2.
    ['random_walk', { kind: 'random_walk', horizon: 2 }, 2],
    ['drift', { kind: 'drift', horizon: 2 }, 3],
    ['seasonal_naive m=3', { kind: 'seasonal_naive', horizon: 2, period: 3 }, 4],
    ['ewma', { kind: 'ewma', horizon: 2, lambda: 0.94 }, 2],
  ];

  it.each(cases)('%s: TOO_SHORT below the minimum length, OK at it', async (_name, input, minPoints) => {
    const short = await one(input, Array.from({ length: minPoints - 1 }, (_, i) => i + 1));
    expect(short.status).toBe(NativeStatus.TOO_SHORT);
    expect(short.mean).toEqual([NaN, NaN]);
    expect(short.variance).toEqual([NaN, NaN]);
    expect((await one(input, [])).status).toBe(NativeStatus.TOO_SHORT);
    const enough = await one(input, Array.from({ length: minPoints }, (_, i) => (i * 7) % 5));
    expect(enough.status).toBe(NativeStatus.OK);
  });

  it.each(cases)('%s: NON_FINITE for NaN or infinite input, and for an overflowing result', async (_name, input) => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const r = await one(input, [1, 2, bad, 4, 5, 6]);
      expect(r.status).toBe(NativeStatus.NON_FINITE);
      expect(r.variance).toEqual([NaN, NaN]);
      expect(r.params).toEqual([NaN, NaN, NaN, NaN]);
    }
    // Finite input whose squares overflow double: (1e200)^2 = inf, so sigma2 is not finite.
    const overflow = await one(input, [0, 1e200, -1e200, 1e200, -1e200, 0]);
    expect(overflow.status).toBe(NativeStatus.NON_FINITE);
  });
});
