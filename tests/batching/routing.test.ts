// Routing between the CPU slots and the GPU executor, through the batcher, with a fake device and
// a model the test releases by hand. The expected routes follow from the rule in
// src/batching/routing.ts: at least minBatchSeries series of a GPU-capable model, breaker admitting.
import { describe, expect, it, vi } from 'vitest';
import { DynamicBatcher } from '../../src/batching/batcher.js';
import type { BatchObserver } from '../../src/batching/observer.js';
import { NO_OBSERVER } from '../../src/batching/observer.js';
import { BASE_CONFIG, ManualClock, preparedBatch, settle } from './fakes.js';
import { DeviceAwareModel, gpuExecutor } from '../compute/fakes.js';

const H = 1;
const work = (model: DeviceAwareModel, series: number, prefix: string) => ({
  model,
  options: {},
  batch: preparedBatch(Array.from({ length: series }, (_, i) => [i + 1, i + 2]), prefix),
  horizonBars: H,
  levels: [0.9],
});

function setup(o: { gpuModels?: string[]; trip?: number; faults?: object; gpuSlots?: number } = {}) {
  const clock = new ManualClock();
  const gpuClock = { ms: 0 };
  const { executor, seen } = gpuExecutor({ trip: o.trip ?? 1, coolDownMs: 1000, clock: gpuClock, faults: o.faults });
  const backends: string[] = [];
  const observer: BatchObserver = { ...NO_OBSERVER, executed: (_m, _n, _ms, backend) => backends.push(backend) };
  const b = new DynamicBatcher({
    config: { ...BASE_CONFIG, executors: { cpu: { maxInFlightBatches: 1 } } },
    modelNames: ['fake', 'other'],
    clock,
    observer,
    gpu: { executor, maxInFlightBatches: o.gpuSlots ?? 1, minBatchSeries: 4, models: o.gpuModels ?? ['fake'] },
  });
  return { b, executor, seen, gpuClock, backends };
}

describe('routing by batch size', () => {
  it('a batch of at least minBatchSeries series goes to the GPU, a smaller one to the CPU', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const { b, backends } = setup();
    const big = await b.execute(work(model, 4, 'B'), {});
    const small = await b.execute(work(model, 3, 'S'), {});
    expect(model.onDevice).toEqual([true, false]);
    expect(big.backend).toBe('cuda-sim');
    expect(small.backend).toBe('cpu');
    expect(backends).toEqual(['cuda-sim', 'cpu']);
    // same numbers either way (fake model: mean = series sum)
    expect(Array.from(big.mean)).toEqual([3, 5, 7, 9]);
    expect(Array.from(small.mean)).toEqual([3, 5, 7]);
  });

  it('small requests merged into one batch of minBatchSeries go to the GPU', async () => {
    const model = new DeviceAwareModel();
    const { b } = setup();
    const first = b.execute(work(model, 1, 'F'), {}); // idle CPU: sent at once, alone
    await settle();
    const rest = [0, 1, 2, 3].map((i) => b.execute(work(model, 1, `R${i}-`), {}));
    await settle();
    // the GPU is idle and the queue holds 4 series: they go together to the GPU
    expect(model.calls.length).toBe(2);
    expect(model.calls[1].tickers).toEqual(['R0-0', 'R1-0', 'R2-0', 'R3-0']);
    expect(model.onDevice).toEqual([false, true]);
    model.release(0);
    model.release(1);
    await Promise.all([first, ...rest]);
  });

  it('models without CUDA kernels always run on the CPU', async () => {
    const model = new DeviceAwareModel('other');
    model.autoRelease = true;
    const { b } = setup();
    expect((await b.execute(work(model, 8, 'O'), {})).backend).toBe('cpu');
    expect(model.onDevice).toEqual([false]);
  });

  it('while the GPU is busy small batches keep running on the CPU', async () => {
    const model = new DeviceAwareModel();
    const { b } = setup();
    const big = b.execute(work(model, 5, 'B'), {});
    await settle();
    const small = b.execute(work(model, 1, 'S'), {});
    await settle();
    expect(model.onDevice).toEqual([true, false]); // both running at once, one per executor
    model.release(1);
    expect((await small).backend).toBe('cpu');
    model.release(0);
    expect((await big).backend).toBe('cuda-sim');
  });

  it('with the breaker open large batches go to the CPU; after the cool-down one probe brings the GPU back', async () => {
    const model = new DeviceAwareModel();
    model.autoRelease = true;
    const { b, executor, gpuClock, seen, backends } = setup({ trip: 1, faults: { mode: 'fail', maxFaults: 1 } });
    const failed = await b.execute(work(model, 4, 'A'), {}); // injected failure: re-run on the CPU
    expect(failed.backend).toBe('cpu');
    expect(Array.from(failed.mean)).toEqual([3, 5, 7, 9]);
    expect(executor.breaker.state).toBe('open');
    const during = await b.execute(work(model, 4, 'D'), {});
    expect(during.backend).toBe('cpu');
    gpuClock.ms = 1000;
    const probe = await b.execute(work(model, 4, 'P'), {});
    expect(probe.backend).toBe('cuda-sim');
    expect(executor.breaker.state).toBe('closed');
    expect(seen.failed).toEqual(['cuda_error']);
    expect(backends).toEqual(['cpu', 'cpu', 'cuda-sim']);
    // the first batch never reached the device (injected fault); the others: CPU while open, then the probe on the device
    expect(model.onDevice).toEqual([false, false, true]);
  });
});

describe('stalled GPU calls', () => {
  it('a timed-out call keeps its stream; while every stream is stalled large batches go to the CPU', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const model = new DeviceAwareModel();
      // trip 3: the breaker stays closed after one timeout, so only the stalled slot keeps the GPU out
      const { b, executor, seen } = setup({ trip: 3 });
      const a = b.execute(work(model, 4, 'A'), {});
      await settle();
      expect(model.onDevice).toEqual([true]);
      await vi.advanceTimersByTimeAsync(1000); // gpu.batchTimeoutMs of the fake executor
      expect(model.onDevice).toEqual([true, false]); // the CPU re-run started
      model.release(1);
      expect((await a).backend).toBe('cpu');
      expect(executor.stalledBatches).toBe(1);
      expect(executor.breaker.state).toBe('closed');
      const during = b.execute(work(model, 4, 'D'), {});
      await settle();
      expect(model.onDevice).toEqual([true, false, false]);
      model.release(2);
      expect((await during).backend).toBe('cpu');
      model.release(0); // the stalled device call ends: its result is discarded, the stream is free
      await settle();
      expect(seen.late).toBe(1);
      expect(executor.stalledBatches).toBe(0);
      const after = b.execute(work(model, 4, 'F'), {});
      await settle();
      expect(model.onDevice).toEqual([true, false, false, true]);
      model.release(3);
      expect((await after).backend).toBe('cuda-sim');
    } finally {
      vi.useRealTimers();
    }
  });
});
