import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

// native/src/kernels/hd_math.hpp: log, log1p, tanh, atanh in plain double arithmetic, so the ARIMA
// fit path computes the same bits on the CPU and the GPU. Their accuracy is checked here against
// long double (glibc's logl, log1pl, tanhl, atanhl) over random arguments, and the special values
// against the C library's definitions.
describe('host/device math functions (hd_math.hpp)', () => {
  it('log within 1 ulp, log1p / tanh / atanh within 3 ulp, special values as in C', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-hdmath-'));
    try {
      const bin = join(dir, 'hd_math_check');
      const src = join(packageRoot(), 'native', 'tests', 'kernels', 'hd_math_check.cpp');
      execFileSync('g++', ['-std=c++17', '-O2', '-ffp-contract=off', '-o', bin, src], { stdio: 'pipe' });
      const run = spawnSync(bin, [], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      for (const fn of ['log', 'log1p', 'tanh', 'atanh']) expect(run.stdout).toMatch(new RegExp(`^${fn} +\\d+ arguments: .*: PASS$`, 'm'));
      expect(run.stdout).toContain('special values: PASS');
      expect(run.stdout).toContain('ALL PASS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
