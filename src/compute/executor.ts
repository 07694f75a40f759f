import type { ForecastModel, ModelBatchResult, ModelRun } from '../models/model.js';

/** One batch handed to an executor. */
export interface ExecutorRun {
  /** Settles exactly once with the batch's result (for the GPU executor: possibly its CPU re-run). */
  result: Promise<ModelBatchResult>;
  /**
   * Set when the executor stays busy after `result` settled (a timed-out device call still running
   * on its stream): its slot is free again only once this settles. Absent: free with `result`.
   */
  busyUntil?: Promise<void>;
}

/** Runs merged batches of a model: the CPU thread pool, or a GPU device with a CPU fallback. */
export interface BatchExecutor {
  /** 'cpu' | 'gpu': the executor's slot pool name in logs and docs. */
  readonly name: string;
  run(model: ForecastModel<any>, run: ModelRun<unknown>): ExecutorRun;
}

/** The native CPU thread pool: the model's own kernels, as before there was a GPU executor. */
export class CpuExecutor implements BatchExecutor {
  readonly name = 'cpu';

  run(model: ForecastModel<any>, run: ModelRun<unknown>): ExecutorRun {
    return { result: model.run(run) };
  }
}
