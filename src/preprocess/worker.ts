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

/** Exit code of a worker killed by faults.preprocess (any code but 0 reads as a crash to piscina). */
export const INJECTED_CRASH_EXIT_CODE = 70;

export default function preprocessTask(task: WorkerTask): unknown {
  const result = runTask(task);
  // Injected crash: the thread ends after the work and before answering, like a crash mid-task.
  // process.exit in a worker thread ends that thread only.
  if (task.fault === 'crash') process.exit(INJECTED_CRASH_EXIT_CODE);
  return move({ [transferableSymbol]: buffersOf(result.batch), [valueSymbol]: result });
}
