/** Messages between NeuralService (main thread) and the worker thread that owns tfjs. */
import type { BackendCandidate } from './backend.js';
import type { NetworkSpec } from './spec.js';

export interface WorkerInit {
  artifactDir: string;
  backends: BackendCandidate[];
  /** Batch sizes every forward pass is padded to (ascending); each is run once at warm-up. */
  batchBuckets: number[];
}

export interface PredictRequest {
  type: 'predict';
  id: number;
  /** n × L log returns in percent, the last L before each series' forecast origin. */
  windows: Float64Array;
  n: number;
}

export type WorkerMessage =
  | {
      type: 'ready';
      backend: string;
      skipped: { candidate: BackendCandidate; reason: string }[];
      version: string;
      weightsSha256: string;
      network: NetworkSpec;
      warmupMs: number;
    }
  | { type: 'failed'; reason: string }
  | { type: 'result'; id: number; cumLogChangePct: Float64Array; stepVariancePct2: Float64Array; computeMs: number }
  | { type: 'error'; id: number; message: string }
  | { type: 'warn'; message: string };
