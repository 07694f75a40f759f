import type { Metrics } from '../obs/metrics.js';
import type { RejectionReason } from './errors.js';

/** What the batcher reports; the Prometheus adapter is below, tests may count directly. */
export interface BatchObserver {
  /** A piece of work left its queue for a batch after waiting this long. */
  queued(model: string, waitMs: number): void;
  /** One kernel call (executor call) over `series` series took `computeMs` of kernel time on `backend` ("cpu", "cuda", "cpu,cuda", ...). */
  executed(model: string, series: number, computeMs: number, backend: string): void;
  /** A request's model work settled (successfully or not) this long after it was submitted. */
  finished(model: string, endToEndMs: number): void;
  rejected(model: string, reason: RejectionReason): void;
  /** Model work submitted and not yet settled (queued or running), after a change. */
  pending(model: string, jobs: number): void;
}

export const NO_OBSERVER: BatchObserver = {
  queued() {},
  executed() {},
  finished() {},
  rejected() {},
  pending() {},
};

export function metricsObserver(m: Metrics): BatchObserver {
  return {
    queued: (model, ms) => m.batchQueueSeconds.observe({ model }, ms / 1000),
    executed: (model, series, ms, backend) => {
      m.batchExecutions.inc({ model });
      m.batchBackend.inc({ model, backend });
      m.batchSeries.observe({ model }, series);
      m.batchComputeSeconds.observe({ model }, ms / 1000);
    },
    finished: (model, ms) => m.batchEndToEndSeconds.observe({ model }, ms / 1000),
    rejected: (model, reason) => m.batchRejections.inc({ model, reason }),
    pending: (model, jobs) => m.batchPendingJobs.set({ model }, jobs),
  };
}
