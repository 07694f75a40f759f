/**
 * Containment of a failed compute batch. Models report per-ticker problems as data, so a batch that
 * rejects is either an executor that refused it (ExecutorUnavailable: every ticker UNAVAILABLE, a
 * retry may succeed) or a kernel that threw. A throw cannot say which series caused it, so the batch
 * is re-run one series at a time on the same executor: series that succeed keep their forecasts,
 * those that throw again get INTERNAL. Either way only this batch's tickers are affected and the
 * calls carrying them still answer (their other tickers and models are unaffected).
 */
import type { BatchExecutor } from '../compute/executor.js';
import { ExecutorUnavailable } from '../compute/faulty_executor.js';
import type { TickerError } from '../core/series.js';
import type { ForecastModel, ModelBatchResult, ModelRun } from '../models/model.js';
import type { FaultLog } from '../obs/fault_log.js';
import { concatResults, mergeRanges } from './merge.js';

/** A result in which every series failed with `error` (values are zeros, never read). */
export function failedResult(n: number, horizonBars: number, error: TickerError, backend = 'cpu'): ModelBatchResult {
  return {
    mean: new Float64Array(n * horizonBars),
    variance: new Float64Array(n * horizonBars),
    params: Array.from({ length: n }, () => ({})),
    errors: new Array(n).fill(error),
    points: new Int32Array(n),
    computeMs: 0,
    queueMs: 0,
    backend,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Never rejects: the failed batch's answer with the failure as per-ticker errors. */
export async function containFailure(
  err: unknown,
  model: ForecastModel<any>,
  run: ModelRun<unknown>,
  executor: BatchExecutor,
  faultLog?: FaultLog,
): Promise<ModelBatchResult> {
  const n = run.batch.tickers.length;
  const unavailable = (e: unknown): TickerError => ({ code: 'UNAVAILABLE', message: `${model.name}: ${messageOf(e)}; retry the request` });
  const internal = (e: unknown): TickerError => ({ code: 'INTERNAL', message: `${model.name}: kernel error: ${messageOf(e)}` });
  if (err instanceof ExecutorUnavailable) {
    faultLog?.record('compute_unavailable');
    return failedResult(n, run.horizonBars, unavailable(err));
  }
  faultLog?.record('kernel_error');
  if (n <= 1) return failedResult(n, run.horizonBars, internal(err));
  const parts: ModelBatchResult[] = [];
  let computeMs = 0;
  for (let i = 0; i < n; i++) {
    const one = { ...run, batch: mergeRanges([{ batch: run.batch, start: i, end: i + 1 }]) };
    try {
      const r = await executor.run(model, one).result;
      computeMs += r.computeMs;
      parts.push(r);
    } catch (e) {
      parts.push(failedResult(1, run.horizonBars, e instanceof ExecutorUnavailable ? unavailable(e) : internal(e)));
    }
  }
  // concatResults keeps interval quantiles only if every part has them: a failed part gets zero
  // rows, which nothing reads (its ticker answers with its error).
  const withQuantiles = parts.find((p) => p.intervalQuantiles);
  if (withQuantiles) {
    const nq = withQuantiles.intervalQuantiles!.length / withQuantiles.params.length;
    for (const p of parts) p.intervalQuantiles ??= new Float64Array(nq * p.params.length);
  }
  return { ...concatResults(parts), computeMs };
}
