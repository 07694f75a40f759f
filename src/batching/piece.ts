import type { ModelBatchResult } from '../models/model.js';
import type { SeriesRange } from './merge.js';
import type { ModelWork, Priority } from './types.js';

/** One request's model work as the batcher tracks it, from submission until it settles. */
export interface Job {
  readonly id: number;
  readonly work: ModelWork;
  readonly signature: string;
  readonly priority: Priority;
  /** Epoch ms; Infinity: none. */
  readonly deadlineEpochMs: number;
  readonly signal?: AbortSignal;
  readonly submittedUs: number;
  readonly series: number;
  readonly bytes: number;
  readonly pieces: Piece[];
  /** Result of piece k once its batch is done. */
  readonly results: (ModelBatchResult | undefined)[];
  piecesLeft: number;
  /** Kernel time of the batches that carried this job's series. */
  computeMs: number;
  settled: boolean;
}

/** A contiguous run of a job's series that travels in one batch (a job over the limits has several). */
export interface Piece {
  readonly job: Job;
  readonly index: number;
  readonly range: SeriesRange;
  readonly series: number;
  readonly points: number;
  readonly bytes: number;
  readonly enqueuedUs: number;
}
