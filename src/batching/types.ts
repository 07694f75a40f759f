import { CpuExecutor, type BatchExecutor } from '../compute/executor.js';
import type { PreparedBatch } from '../core/series.js';
import type { ForecastModel, ModelBatchResult } from '../models/model.js';
import type { FaultLog } from '../obs/fault_log.js';
import { containFailure } from './contain.js';

/** Scheduling class of a request: interactive work goes first, bulk backfill fills the gaps (and ages). */
export type Priority = 'interactive' | 'bulk';
export const PRIORITIES: readonly Priority[] = ['interactive', 'bulk'];

/** One model over one request's prepared series: the unit the engine hands to an executor. */
export interface ModelWork {
  model: ForecastModel<any>;
  options: unknown;
  batch: PreparedBatch;
  horizonBars: number;
  levels: number[];
}

/** Per-call controls that travel with the work from the RPC edge. */
export interface RunControl {
  priority?: Priority;
  /** Absolute deadline, epoch milliseconds; Infinity or absent: none. */
  deadlineEpochMs?: number;
  /** Aborted when the client cancels: queued work is removed, running work is discarded. */
  signal?: AbortSignal;
}

/**
 * Runs a model over a request's series. The result's queueMs and computeMs are this request's own:
 * time spent waiting (queue, slots, transfer) and kernel time of the calls that carried its series.
 */
export interface ModelExecutor {
  execute(work: ModelWork, control: RunControl): Promise<ModelBatchResult>;
  close?(): void;
}

/**
 * Runs every call's models on its own, as tensorcast did before batching (batching.enabled: false),
 * on the CPU executor; a failed run is contained to its tickers (contain.ts).
 */
export class DirectExecutor implements ModelExecutor {
  constructor(
    private readonly cpu: BatchExecutor = new CpuExecutor(),
    private readonly faultLog?: FaultLog,
  ) {}

  execute(work: ModelWork): Promise<ModelBatchResult> {
    const run = { batch: work.batch, options: work.options, horizonBars: work.horizonBars, levels: work.levels };
    let started: Promise<ModelBatchResult>;
    try {
      started = this.cpu.run(work.model, run).result;
    } catch (err) {
      started = Promise.reject(err);
    }
    return started.catch((err: unknown) => containFailure(err, work.model, run, this.cpu, this.faultLog));
  }
}
