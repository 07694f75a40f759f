// The GPU executor against a fake device and a model the test releases by hand. Expected values
// come from the fake model's definition (mean = sum of the series, variance = its length); the
// CPU re-run is the same model without the device binding, so its numbers are those of a CPU-only run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failureKind } from '../../src/compute/gpu_executor.js';
import { preparedBatch, settle } from '../batching/fakes.js';
import { DeviceAwareModel, gpuExecutor } from './fakes.js';

const run = () => ({ batch: preparedBatch([[1, 2, 3], [4, 5]]), options: {}, horizonBars: 1, levels: [0.9] });

afterEach(() => {
  vi.useRealTimers();
});

describe('GpuExecutor', () => {
  it('runs a batch through the device binding and reports the device backend', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const { executor, seen } = gpuExecutor();
    const r = await executor.run(model, run()).result;
    expect(model.onDevice).toEqual([true]);
    expect(r.backend).toBe('cuda-sim');
    expect(Array.from(r.mean)).toEqual([6, 9]);
    expect(seen.failed).toEqual([]);
    expect(executor.breaker.state).toBe('closed');
  });

  it('an injected failure is re-run on the CPU with the CPU numbers, and counts towards the breaker', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const { executor, seen } = gpuExecutor({ faults: { mode: 'fail' }, trip: 2 });
    const first = await executor.run(model, run()).result;
    expect(model.onDevice).toEqual([false]); // the injected fault fails before the device runs anything
    expect(first.backend).toBe('cpu');
    expect(Array.from(first.mean)).toEqual([6, 9]);
    expect(Array.from(first.variance)).toEqual([3, 2]);
    expect(executor.breaker.state).toBe('closed');
    await executor.run(model, run()).result;
    expect(seen.failed).toEqual(['cuda_error', 'cuda_error']);
    expect(executor.breaker.state).toBe('open');
    expect(executor.admits).toBe(false);
    expect(seen.states).toEqual(['closed', 'open']);
  });

  it('out of memory is its own failure kind', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const { executor, seen } = gpuExecutor({ faults: { mode: 'oom' } });
    expect((await executor.run(model, run()).result).backend).toBe('cpu');
    expect(seen.failed).toEqual(['oom']);
  });

  it('a device call past batchTimeoutMs is answered by the CPU once; its late result is discarded and holds the slot until it ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // setImmediate stays real for settle()
    const model = new DeviceAwareModel();
    const { executor, seen } = gpuExecutor({ batchTimeoutMs: 1000 });
    const started = executor.run(model, run());
    let answers = 0;
    const answered = started.result.then((r) => (answers++, r));
    let freed = false;
    void started.busyUntil!.then(() => (freed = true));
    await settle();
    expect(model.calls.length).toBe(1); // the device call, never released yet
    await vi.advanceTimersByTimeAsync(1000);
    // the CPU re-run is call 1; release it
    expect(model.onDevice).toEqual([true, false]);
    model.release(1);
    const r = await answered;
    expect(r.backend).toBe('cpu');
    expect(Array.from(r.mean)).toEqual([6, 9]);
    expect(seen.failed).toEqual(['timeout']);
    expect(freed).toBe(false); // the stream is still busy with the stalled call
    model.release(0); // the device call finally returns
    await settle();
    expect(freed).toBe(true);
    expect(seen.late).toBe(1);
    expect(answers).toBe(1);
  });

  it('injected timeouts hold a computed result past the limit; recovery after the cool-down through one probe', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }); // setImmediate stays real for settle()
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const clock = { ms: 0 };
    const { executor, seen } = gpuExecutor({ faults: { mode: 'timeout', maxFaults: 1 }, trip: 1, batchTimeoutMs: 50, coolDownMs: 500, clock });
    const started = executor.run(model, run());
    await vi.advanceTimersByTimeAsync(50);
    const r = await started.result;
    expect(r.backend).toBe('cpu');
    await started.busyUntil;
    expect(seen.failed).toEqual(['timeout']);
    expect(seen.late).toBe(1);
    expect(executor.breaker.state).toBe('open');
    clock.ms = 500;
    expect(executor.admits).toBe(true); // half-open: the probe may go
    const probe = await executor.run(model, run()).result; // maxFaults reached: no more faults
    expect(probe.backend).toBe('cuda-sim');
    expect(executor.breaker.state).toBe('closed');
    expect(seen.states).toEqual(['closed', 'open', 'half_open', 'closed']);
  });
});

describe('errors that are not the device\'s', () => {
  it('a batch that fails on the CPU too fails as it would CPU-only, and does not count against the GPU', async () => {
    const model = new DeviceAwareModel();
    model.run = async () => {
      throw new TypeError('values must be a Float64Array');
    };
    const { executor, seen } = gpuExecutor({ trip: 1 });
    await expect(executor.run(model, run()).result).rejects.toThrow('values must be a Float64Array');
    expect(seen.failed).toEqual([]);
    expect(executor.breaker.state).toBe('closed');
  });

  it('a plain error on the device that the CPU re-run does not repeat counts as a GPU failure', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const onCpu = model.run.bind(model);
    model.run = async (r) => {
      if (r.kernels) throw new Error('device binding broke');
      return onCpu(r);
    };
    const { executor, seen } = gpuExecutor({ trip: 1 });
    expect((await executor.run(model, run()).result).backend).toBe('cpu');
    expect(seen.failed).toEqual(['error']);
    expect(executor.breaker.state).toBe('open');
  });
});

describe('failureKind', () => {
  it('classifies the native contract messages', () => {
    expect(failureKind(new Error('cuda unavailable: no device'), false)).toBe('unavailable');
    expect(failureKind(new Error('cuda error: an illegal memory access was encountered'), false)).toBe('cuda_error');
    expect(failureKind(new Error('cuda error: out of memory'), false)).toBe('oom');
    expect(failureKind(new TypeError('values must be a Float64Array'), false)).toBe('error');
    expect(failureKind(new Error('anything'), true)).toBe('timeout');
  });
});
