/**
 * Piscina task handler (this file's compiled twin, dist/preprocess/worker.js, is what the pool
 * loads). Problems in the request come back as data (`invalid`, per-ticker errors); only bugs throw.
 * The batch's typed arrays are transferred, not copied, back to the main thread.
 */
import { performance } from 'node:perf_hooks';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { PreparedBatch, RawSeries } from '../core/series.js';
import { decodeArrowIpc } from './decode_arrow.js';
import { prepareBatch, prepareSeries } from './batch.js';
import { DecodeError } from './errors.js';
import { packBatch } from './pack.js';
import type { PrepareResult, WorkerTask } from './task.js';

function buffersOf(batch: PreparedBatch): ArrayBuffer[] {
  return [
    batch.level, batch.levelOffsets, batch.returns, batch.returnOffsets, batch.firstMs, batch.lastMs, batch.dropped,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** The computation behind the handler; problems in the input come back as data. */
function runTask(task: WorkerTask): PrepareResult {
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

export default function preprocessTask(task: WorkerTask): unknown {
  const result = runTask(task);
  return move({ [transferableSymbol]: buffersOf(result.batch), [valueSymbol]: result });
}
