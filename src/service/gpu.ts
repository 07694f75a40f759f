/**
 * The GPU side of the runtime, decided once at start-up: detect CUDA devices, and build the GPU
 * executor when there is a device (or, as a testing aid, gpu.simulateDevice asks for a simulated
 * one). Without it every batch runs on the CPU.
 */
import type { GpuRouting } from '../batching/routing.js';
import { CpuExecutor } from '../compute/executor.js';
import { cudaDevice, detectCuda, simulatedDevice, type CudaInfo } from '../compute/gpu_device.js';
import { GpuExecutor } from '../compute/gpu_executor.js';
import type { Config } from '../config/schema.js';
import type { ModelRegistry } from '../models/registry.js';
import type { NativeBinding } from '../native/binding.js';
import type { Logger } from '../obs/logger.js';

/**
 * minBatchSeries 'auto' = this many series per native CPU thread. Measured on an H200 with 16 host
 * threads (docs/benchmarks.md, 2026-12-04): below a full wave a GPU batch of GARCH(1,1) fits
 * (2,500 points) takes about as long as its slowest series on one GPU thread, ~0.06-0.18 s,
 * whatever its size, while the CPU threads take n x 0.8 ms / T; the two meet near 3,400 series =
 * ~210 per thread (GPU/CPU 0.9x at 3,000 series, 2.7x at 10,000). Fixed-order ARIMA(1,0,1) met
 * later (~450 per thread). docs/gpu_routing.md.
 */
export const AUTO_SERIES_PER_CPU_THREAD = 200;

export interface GpuSetup {
  cuda: CudaInfo;
  /** 'none': no GPU executor; 'cuda-sim': gpu.simulateDevice (testing aid). */
  kind: 'none' | 'cuda' | 'cuda-sim';
  executor?: GpuExecutor;
  /** What the batcher needs to route to the executor; absent when there is none. */
  routing?: GpuRouting;
  minBatchSeries: number;
}

export function resolveMinBatchSeries(cfg: Config['gpu'], nativeThreads: number): number {
  return cfg.minBatchSeries === 'auto' ? AUTO_SERIES_PER_CPU_THREAD * Math.max(1, nativeThreads) : cfg.minBatchSeries;
}

export function setUpGpu(cfg: Config, native: NativeBinding, models: ModelRegistry, log: Logger): GpuSetup {
  const g = cfg.gpu;
  const cuda = detectCuda(native);
  const minBatchSeries = resolveMinBatchSeries(g, native.info().threads);
  const wanted = !g.enabled ? 'none' : g.simulateDevice ? 'cuda-sim' : cuda.available ? 'cuda' : 'none';
  // The GPU executor lives in the batcher: with batching off every call runs on the CPU.
  const kind = cfg.batching.enabled ? wanted : 'none';
  if (wanted !== 'none' && kind === 'none') log.warn('batching.enabled is false: the GPU executor is not used, every call runs on the CPU');
  log.info({ cudaCompiled: cuda.compiled, cudaAvailable: cuda.available, error: cuda.error || undefined, devices: cuda.devices, gpuExecutor: kind }, 'CUDA detection');
  if (g.simulateDevice) log.warn('gpu.simulateDevice is on: a TESTING AID — "GPU" batches run on the CPU kernels and report backend cuda-sim');
  if (g.faultInjection.mode !== 'none') {
    log.warn({ faultInjection: g.faultInjection, gpuExecutor: kind }, kind === 'none' ? 'gpu.faultInjection is set but there is no GPU executor: it has no effect' : 'gpu.faultInjection is on: GPU batches will fail on purpose');
  }
  if (kind === 'none') return { cuda, kind, minBatchSeries };
  const largest = Math.max(cfg.batching.maxBatchSeries, ...Object.values(cfg.batching.models).map((m) => m.maxBatchSeries ?? 0));
  if (minBatchSeries > largest) {
    log.warn({ minBatchSeries, maxBatchSeries: largest }, 'gpu.minBatchSeries is above every batching maxBatchSeries: no batch will ever go to the GPU');
  }
  const executor = new GpuExecutor({
    ...g,
    device: kind === 'cuda' ? cudaDevice(native) : simulatedDevice(native),
    cpu: new CpuExecutor(),
    log,
  });
  // Models configured out of batching (simulated forecasts) run per call on the CPU, never routed.
  const gpuModels = models
    .all()
    .filter((m) => m.cudaKernels && cfg.batching.models[m.name]?.enabled !== false)
    .map((m) => m.name);
  return { cuda, kind, executor, minBatchSeries, routing: { executor, maxInFlightBatches: g.maxInFlightBatches, minBatchSeries, models: gpuModels } };
}

/** The Capabilities.gpu message. */
export function gpuStatus(setup: GpuSetup, cfg: Config) {
  return {
    cudaCompiled: setup.cuda.compiled,
    cudaAvailable: setup.cuda.available,
    detectionError: setup.cuda.error,
    devices: setup.cuda.devices,
    executor: setup.kind,
    simulatedDevice: setup.kind === 'cuda-sim',
    breakerState: setup.executor?.breaker.state ?? '',
    minBatchSeries: setup.minBatchSeries,
    maxInFlightBatches: setup.kind === 'none' ? 0 : cfg.gpu.maxInFlightBatches,
    faultInjection: setup.kind === 'none' ? 'none' : cfg.gpu.faultInjection.mode,
    gpuModels: setup.routing?.models ?? [],
  };
}
