import { describe, expect, it } from 'vitest';
import { runHostCheck } from '../helpers/host_check.js';

// The CUDA path's time-major interleave (native/src/cuda/interleave.hpp) cannot run on a GPU here,
// so its layout is checked on the host: native/tests/garch/strided_check.cpp fits the same series
// contiguous and through the Strided views the device kernels use, and requires identical bits,
// disjoint in-bounds columns, and no write outside a series' own lane.
describe('time-major interleave of the CUDA path, on the host', () => {
  it('strided fits, forecasts, states and path steps equal the contiguous ones bit for bit', () => {
    const run = runHostCheck('native/tests/garch/strided_check.cpp');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('columns disjoint, in bounds');
    expect(run.stdout).not.toContain('FAIL');
    expect(run.stdout.match(/differing fits 0, forecasts 0, states 0, paths 0/g)).toHaveLength(4);
    expect(run.stdout).toContain('ALL PASS');
  }, 180_000);
});
