import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { detectCuda } from '../../src/compute/gpu_device.js';
import { loadNative } from '../../src/native/binding.js';
import { dow30Returns, garchInput } from './garch_data.js';

// The CUDA variant of the addon (native/build_cuda.mjs: built when nvcc is on PATH, as on the
// development and CI machines). Here there is no GPU driver, so the CUDA runtime's own answer
// ("driver version is insufficient") is the expected outcome: the service then runs on the CPU.
const native = loadNative();
const compiledWithCuda = native.info().backends.includes('cuda');
const dow = [...dow30Returns().values()].slice(0, 2);

describe('CUDA build of the addon', () => {
  it('reports what was compiled in, and what the driver says', () => {
    const info = detectCuda(native);
    expect(info.compiled).toBe(compiledWithCuda);
    if (!info.available) {
      expect(info.error.length).toBeGreaterThan(0);
      expect(info.devices).toEqual([]);
    } else {
      expect(info.devices[0].totalMemoryBytes).toBeGreaterThan(0);
    }
  });

  it('a GARCH batch asked for the device: device results, or a "cuda ..." rejection the GPU executor falls back on', async () => {
    const info = detectCuda(native);
    const run = native.garchBatch({ ...garchInput(dow), backend: 'cuda' });
    if (info.available) {
      const [gpu, cpu] = await Promise.all([run, native.garchBatch(garchInput(dow))]);
      for (let i = 0; i < dow.length; i++) expect(Math.abs(gpu.loglik[i] - cpu.loglik[i])).toBeLessThan(1e-10 * Math.abs(cpu.loglik[i]));
    } else {
      await expect(run).rejects.toThrow(compiledWithCuda ? /^garchBatch: cuda error: / : /^garchBatch: cuda unavailable: /);
    }
  });

  it('fixed-order arima asked for the device: device results, or a "cuda ..." rejection the GPU executor falls back on', async () => {
    const info = detectCuda(native);
    const spec = { p: 1, d: 0, q: 1, seasonalP: 0, seasonalD: 0, seasonalQ: 0, period: 1, constant: true };
    const input = { spec, auto: null, values: Float64Array.from([...dow[0], ...dow[1]]), offsets: Int32Array.of(0, dow[0].length, dow[0].length + dow[1].length), horizon: 3 };
    const run = native.arimaBatch({ ...input, backend: 'cuda' } as never);
    if (info.available) {
      const [gpu, cpu] = (await Promise.all([run, native.arimaBatch(input as never)])) as unknown as { backend: string; status: Int32Array; loglik: Float64Array }[];
      expect(gpu.backend).toBe('cuda');
      expect([...gpu.status]).toEqual([...cpu.status]);
      for (let i = 0; i < 2; i++) expect(Math.abs(gpu.loglik[i] - cpu.loglik[i])).toBeLessThan(1e-10 * Math.abs(cpu.loglik[i]));
    } else {
      await expect(run).rejects.toThrow(compiledWithCuda ? /^arimaBatch: cuda error: / : /^arimaBatch: cuda unavailable: /);
    }
  });

  it('the automatic arima search asked for the device runs on the CPU threads and says so (host-only search)', async () => {
    const input = { spec: { p: 0, d: 0, q: 0, seasonalP: 0, seasonalD: 0, seasonalQ: 0, period: 1, constant: true }, auto: { ic: 'aicc', maxP: 2, maxD: 1, maxQ: 2, maxSeasonalP: 0, maxSeasonalQ: 0, chooseSeasonalD: false }, values: Float64Array.from(dow[0]), offsets: Int32Array.of(0, dow[0].length), horizon: 2, backend: 'cuda' };
    if (compiledWithCuda) {
      const out = (await native.arimaBatch(input as never)) as unknown as { backend: string; status: Int32Array };
      expect(out.backend).toBe('cpu');
      expect(out.status[0]).toBe(0);
    } else {
      await expect(native.arimaBatch(input as never)).rejects.toThrow(/cuda unavailable/);
    }
  });

  // bench/gpu is a standalone nvcc program (no Node); building it here keeps it from rotting. With
  // no usable GPU it must say why, time the CPU threads and exit 0 (3 with --require-gpu).
  it.runIf(compiledWithCuda)('bench/gpu (GARCH and ARIMA) builds and, without a usable GPU, reports the CPU only', () => {
    const build = mkdtempSync(join(tmpdir(), 'tc-gpu-bench-'));
    try {
      execFileSync('make', ['-s', '-C', join(packageRoot(), 'bench/gpu'), `BUILD=${build}`], { stdio: 'pipe' });
      const bin = join(build, 'garch_gpu_bench');
      const info = detectCuda(native);
      const run = spawnSync(bin, ['--sizes', '20', '--check', '50', '--mc-series', '3', '--mc-paths', '300', '--repeat', '1', '--require-gpu'], { encoding: 'utf8' });
      if (info.available) {
        expect(run.status, run.stdout + run.stderr).toBe(0);
        expect(run.stdout).toMatch(/check \(seed \d+, 50 series\): unwritten GPU outputs 0;.*PASS/);
        expect(run.stdout).toMatch(/Monte Carlo check: .*: PASS/);
      } else {
        expect(run.status).toBe(3);
        expect(run.stdout).toContain(`# GPU: none usable (${info.error}): CPU figures only`);
        expect(run.stdout).toMatch(/^\| 20 \| [\d.]+ \| \d+ \| – \| – \| – \| – \| – \|$/m);
        expect(run.stdout).toMatch(/^\| 300 paths x 20 steps x 3 series \| ([\d.]+|–) \| ([\d.e+]+|–) \| – \| – \| – \|$/m);
      }
      const arima = spawnSync(join(build, 'arima_gpu_bench'), ['--sizes', '10', '--check', '20', '--points', '300', '--repeat', '1', '--require-gpu'], { encoding: 'utf8' });
      if (info.available) {
        expect(arima.status, arima.stdout + arima.stderr).toBe(0);
        expect(arima.stdout).toMatch(/check \(seed \d+, 20 series\): unwritten GPU outputs 0; status differs 0;.*PASS/);
      } else {
        expect(arima.status).toBe(3);
        expect(arima.stdout).toContain(`# GPU: none usable (${info.error}): CPU figures only`);
        expect(arima.stdout).toMatch(/^\| 10 \| [\d.]+ \| \d+ \| – \| – \| – \| – \|$/m);
      }
      const bad = spawnSync(bin, ['--bogus'], { encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('unknown argument --bogus');
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  }, 600_000);
});
