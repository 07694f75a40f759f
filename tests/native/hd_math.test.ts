import { describe, expect, it } from 'vitest';
import { runHostCheck } from '../helpers/host_check.js';

// native/src/kernels/hd_math.hpp: log, log1p, tanh, atanh in plain double arithmetic, so the ARIMA
// fit path computes the same bits on the CPU and the GPU. Their accuracy is checked here against
// long double (glibc's logl, log1pl, tanhl, atanhl) over random arguments, and the special values
// against the C library's definitions.
describe('host/device math functions (hd_math.hpp)', () => {
  it('log within 1 ulp, log1p / tanh / atanh within 3 ulp, special values as in C', () => {
    const run = runHostCheck('native/tests/kernels/hd_math_check.cpp');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    for (const fn of ['log', 'log1p', 'tanh', 'atanh']) expect(run.stdout).toMatch(new RegExp(`^${fn} +\\d+ arguments: .*: PASS$`, 'm'));
    expect(run.stdout).toContain('special values: PASS');
    expect(run.stdout).toContain('ALL PASS');
  }, 120_000);
});
