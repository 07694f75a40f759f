/**
 * The preprocessing computation itself, shared by the worker threads (worker.ts) and the pool's
 * inline path for small requests (pool.ts). Problems in the input come back as data.
 */
import { performance } from 'node:perf_hooks';
import type { RawSeries } from '../core/series.js';
import { decodeArrowIpc } from './decode_arrow.js';
import { prepareBatch, prepareSeries } from './batch.js';
import { DecodeError } from './errors.js';
import { packBatch } from './pack.js';
import type { PrepareResult, WorkerTask } from './task.js';

export function runTask(task: WorkerTask): PrepareResult {
  let decodeMs = 0;
  let series: RawSeries[];
  if (task.kind === 'arrow') {
    const t0 = performance.now();
    try {
      series = decodeArrowIpc(task.bytes);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      return { batch: packBatch([], task.policy.returns), invalid: [err.message], decodeMs: performance.now() - t0, preprocessMs: 0 };
    }
    decodeMs = performance.now() - t0;
  } else {
    series = task.series;
  }
  const t1 = performance.now();
  const slice = task.kind === 'messages' ? task.slice : undefined;
  const { batch, invalid } = slice === undefined
    ? prepareBatch(series, task.policy, task.limits)
    : prepareSeries(series, task.policy, task.limits, slice);
  return { batch, invalid, decodeMs, preprocessMs: performance.now() - t1 };
}
