import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';

// bench/gpu/service_e2e.mjs runs the real server twice (GPU executor on, CPU only) and compares the
// fits. There is no GPU here, so CI checks its two no-device outcomes: with the simulated device the
// "GPU" batches really go through the GPU executor (backend cuda-sim) and must equal the CPU
// server's bit for bit; without it the script says why there is no device and --require-gpu exits 3.
const script = join(packageRoot(), 'bench', 'gpu', 'service_e2e.mjs');
const small = ['--tickers', '24', '--requests', '2', '--points', '400', '--rounds', '1', '--min-batch-series', '8', '--json'];
const run = (extra: string[]) => {
  const r = spawnSync(process.execPath, [script, ...small, ...extra], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, report: r.stdout.trim() ? JSON.parse(r.stdout.trim().split('\n').pop()!) : null, stderr: r.stderr };
};

describe('bench/gpu/service_e2e.mjs (the service end to end, GPU server against CPU server)', () => {
  it('with the simulated device: every ticker ran on the GPU executor and equals the CPU server', () => {
    const { status, report, stderr } = run(['--simulate-device']);
    expect(status, stderr).toBe(0);
    expect(report.detection.executor).toBe('cuda-sim');
    expect(report.check.backends).toEqual({ 'cuda-sim': 48 });
    expect(report.cpuServer.batchesByBackend.cpu).toBeGreaterThan(0);
    expect(report.check).toMatchObject({ pass: true, statusDiffers: 0, reasonDiffers: 0, maxParamRel: 0, maxLoglikRel: 0 });
    expect(report.check.compared).toBeGreaterThan(40);
  }, 150_000);

  it('ARIMA(1,0,1) with the simulated device: routed to the GPU executor, equal to the CPU server', () => {
    const { status, report, stderr } = run(['--simulate-device', '--model', 'arima']);
    expect(status, stderr).toBe(0);
    expect(report.shape.model).toBe('arima');
    expect(report.check.backends).toEqual({ 'cuda-sim': 48 });
    expect(report.check).toMatchObject({ pass: true, statusDiffers: 0, maxParamRel: 0, maxLoglikRel: 0 });
    expect(report.check.compared).toBeGreaterThan(40);
  }, 150_000);

  it('without a device: it says why, both servers run on the CPU, and --require-gpu exits 3', () => {
    const { status, report, stderr } = run(['--require-gpu']);
    expect(status, stderr).toBe(3);
    expect(report.device).toBeNull();
    expect(report.detection.cudaAvailable).toBe(false);
    expect(report.detection.error.length).toBeGreaterThan(0);
    expect(report.detection.executor).toBe('none');
    expect(report.check.backends).toEqual({ cpu: 48 });
    expect(report.check.pass).toBe(true);
  }, 150_000);
});
