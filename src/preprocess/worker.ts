/**
 * Piscina task handler (this file's compiled twin, dist/preprocess/worker.js, is what the pool
 * loads). Problems in the request come back as data (`invalid`, per-ticker errors); only bugs throw.
 * The batch's typed arrays are transferred, not copied, back to the main thread.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { PreparedBatch } from '../core/series.js';
import { runTask } from './run_task.js';
import type { WorkerTask } from './task.js';

function buffersOf(batch: PreparedBatch): ArrayBuffer[] {
  return [
    batch.level, batch.levelOffsets, batch.returns, batch.returnOffsets, batch.firstMs, batch.lastMs, batch.dropped,
  ].map((a) => a.buffer as ArrayBuffer);
}

export default function preprocessTask(task: WorkerTask): unknown {
  const result = runTask(task);
  return move({ [transferableSymbol]: buffersOf(result.batch), [valueSymbol]: result });
}
