/**
 * Which executor runs a batch. Small batches go to the CPU slots; a batch of at least
 * minBatchSeries series of a model with CUDA kernels goes to the GPU executor while its circuit
 * breaker admits work. Without a GPU executor (no device, gpu.enabled false) everything is CPU.
 */
import type { BatchExecutor } from '../compute/executor.js';
import { ExecutionSlots } from './slots.js';

/** The GPU executor as routing sees it (src/compute/gpu_executor.ts). */
export interface DeviceExecutor extends BatchExecutor {
  /** Whether its circuit breaker lets a batch start on the device now. */
  readonly admits: boolean;
  /** Timed-out device calls still running: they hold slots that will free only when they end. */
  readonly stalledBatches: number;
}

export interface GpuRouting {
  executor: DeviceExecutor;
  /** One slot per CUDA stream. */
  maxInFlightBatches: number;
  minBatchSeries: number;
  /** Models whose batch kernels have a CUDA build; the others always run on the CPU. */
  models: readonly string[];
}

/** An executor with its execution slots. */
export interface Lane {
  readonly executor: BatchExecutor;
  readonly slots: ExecutionSlots;
}

export class ExecutorRouter {
  readonly cpu: Lane;
  readonly gpu: (Lane & { executor: DeviceExecutor }) | undefined;
  private readonly gpuModels: Set<string>;
  private readonly minBatchSeries: number;

  constructor(cpu: BatchExecutor, cpuSlots: number, gpu?: GpuRouting) {
    this.cpu = { executor: cpu, slots: new ExecutionSlots('cpu', cpuSlots) };
    this.gpu = gpu && { executor: gpu.executor, slots: new ExecutionSlots('gpu', gpu.maxInFlightBatches) };
    this.gpuModels = new Set(gpu?.models ?? []);
    this.minBatchSeries = gpu?.minBatchSeries ?? Infinity;
  }

  /** Some executor can take a batch now. */
  get anyFree(): boolean {
    return this.cpu.slots.free || (this.gpu?.slots.free ?? false);
  }

  /**
   * The executor a batch of `series` series of `model` goes to now. It may have no free slot: a
   * large batch waits for a GPU stream rather than taking the slower CPU — unless every GPU slot is
   * held by a stalled (timed-out) call, which could be forever.
   */
  route(model: string, series: number): Lane {
    const g = this.gpu;
    const usable = g && g.executor.stalledBatches < g.slots.capacity;
    if (usable && series >= this.minBatchSeries && this.gpuModels.has(model) && g.executor.admits) return g;
    return this.cpu;
  }
}
