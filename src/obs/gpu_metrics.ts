import { BREAKER_STATES } from '../compute/breaker.js';
import type { CudaInfo } from '../compute/gpu_device.js';
import type { GpuObserver } from '../compute/gpu_executor.js';
import type { Metrics } from './metrics.js';

/** The GPU executor's reports as Prometheus series. */
export function gpuMetricsObserver(m: Metrics): GpuObserver {
  return {
    failed: (model, kind) => m.gpuFailures.inc({ model, kind }),
    lateResultDiscarded: (model) => m.gpuLateResults.inc({ model }),
    breakerState: (state) => {
      for (const s of BREAKER_STATES) m.gpuBreakerState.set({ state: s }, s === state ? 1 : 0);
    },
    breakerTransition: (from, to) => m.gpuBreakerTransitions.inc({ from, to }),
  };
}

/** What start-up detection found, as info-style gauges (set once). */
export function publishDevices(m: Metrics, cuda: CudaInfo, executor: 'none' | 'cuda' | 'cuda-sim'): void {
  m.cudaInfo.set(
    {
      compiled: String(cuda.compiled),
      available: String(cuda.available),
      error: cuda.error,
      executor,
      simulated: String(executor === 'cuda-sim'),
    },
    1,
  );
  for (const d of cuda.devices) {
    m.gpuDeviceMemoryBytes.set(
      { index: String(d.index), name: d.name, compute_capability: d.computeCapability, multiprocessors: String(d.multiprocessors) },
      d.totalMemoryBytes,
    );
  }
}
