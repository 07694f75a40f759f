/** What the preprocessing pool is asked to do and what it answers, shared by pool and worker. */
import type { PreparedBatch, PreprocessPolicy, RawSeries } from '../core/series.js';
import type { RequestSlice } from './batch.js';
import type { PreprocessLimits } from './policy.js';

export interface MessagesTask {
  kind: 'messages';
  series: RawSeries[];
  policy: PreprocessPolicy;
  limits: PreprocessLimits;
}

/** Arrow bytes are decoded in the worker: decoding is the costly part and must not block the event loop. */
export interface ArrowTask {
  kind: 'arrow';
  bytes: Uint8Array;
  policy: PreprocessPolicy;
  limits: PreprocessLimits;
}

export type PrepareTask = MessagesTask | ArrowTask;

/**
 * A task as it travels to a worker: a split messages request carries its place in the request;
 * `fault` is set only by faults.preprocess injection (the worker then dies mid-task).
 */
export type WorkerTask = (ArrowTask | (MessagesTask & { slice?: RequestSlice })) & { fault?: 'crash' };

export interface PrepareResult {
  batch: PreparedBatch;
  /** Request-level problems; non-empty means the request is INVALID_ARGUMENT (messages joined by "; "). */
  invalid: string[];
  /** Arrow decoding time in the worker; 0 for messages (decoded on the event loop by the server). */
  decodeMs: number;
  /** Cleaning and returns; for a request split across workers, the slowest worker's time. */
  preprocessMs: number;
}
