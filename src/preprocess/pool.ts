/**
 * PreprocessPool: runs preprocessing on piscina worker threads so decoding and cleaning of large
 * requests never block the gRPC event loop. A large messages request is split into chunks of tickers
 * that run in parallel and are merged back in request order. Admission is decided here, all or
 * nothing per request, rather than by piscina's maxQueue, which would accept some chunks of a
 * request and refuse others.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { packageRoot } from '../core/paths.js';
import type { RawSeries } from '../core/series.js';
import type { FaultInjector } from '../compute/faults.js';
import type { FaultLog } from '../obs/fault_log.js';
import { findDuplicateTickers } from './duplicates.js';
import { PoolError } from './errors.js';
import { failedSeries, mergeBatches, packBatch } from './pack.js';
import { planChunks } from './split.js';
import { runTask } from './run_task.js';
import type { ArrowTask, MessagesTask, PrepareResult, PrepareTask, WorkerTask } from './task.js';

export interface PreprocessPoolOptions {
  /** Worker threads, all started up front. */
  threads: number;
  /**
   * Tasks that may wait for a free thread. A request (1 task, or one per chunk) that would take the
   * outstanding tasks past threads + maxQueue is refused whole with RESOURCE_EXHAUSTED.
   */
  maxQueue: number;
  /** Most tickers per task of a messages request (config preprocess.chunkTickers). Default 256. */
  chunkTickers?: number;
  /**
   * JS heap limit per worker (typed arrays live outside it, so real requests use little). A backstop
   * behind arrow_guard.ts: if corrupt Arrow metadata still makes the reader allocate without bound,
   * the worker dies (and is replaced) after about 6 s at 512 MB, not after 50 s and 4 GB. Default 512.
   */
  maxHeapMb?: number;
  /** The compiled worker to load; defaults to <package root>/dist/preprocess/worker_entry.cjs (see there why). */
  workerFile?: string;
  /**
   * A messages request of at most this many values (all columns and timestamps together) is
   * preprocessed on the calling thread: for small requests the worker round trip (structured clone
   * there, wake-ups, transfer back) costs several times the work itself. 0 sends everything to the
   * workers. Default 0 here; the service sets config preprocess.inlineMaxValues.
   */
  inlineMaxValues?: number;
  /** faults.preprocess: which worker tasks are killed mid-task (testing aid). Absent: none. */
  faults?: FaultInjector<'crash'>;
  /** Where contained worker crashes are recorded (for /readyz and /metrics). */
  faultLog?: FaultLog;
}

const DEFAULT_CHUNK_TICKERS = 256;
const DEFAULT_MAX_HEAP_MB = 512;

function requireCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`PreprocessPool: ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** A worker task and the buffers that may be moved to the worker instead of cloned. */
interface Submission {
  task: WorkerTask;
  transferList?: ArrayBuffer[];
}

function ownsBuffer(a: ArrayBufferView): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
}

/**
 * Structured clone copies a typed array's whole underlying buffer, so a view into a larger buffer
 * is first copied down to its own bytes (views come from decodeArrowIpc and parseCsv).
 */
function compact<T extends Float64Array>(a: T): T {
  return ownsBuffer(a) ? a : (a.slice() as T);
}

function compactSeries(s: RawSeries): RawSeries {
  const columns: RawSeries['columns'] = {};
  for (const [name, values] of Object.entries(s.columns) as [keyof RawSeries['columns'], Float64Array][]) {
    columns[name] = compact(values);
  }
  return { ticker: s.ticker, timestampsMs: compact(s.timestampsMs), columns };
}

/**
 * Arrow bytes from protobufjs are a view into the whole request buffer. Such a view is copied to a
 * buffer of its own, which is then moved rather than cloned: one copy either way, and a buffer the
 * caller owns is never detached.
 */
function arrowSubmission(task: ArrowTask): Submission {
  if (ownsBuffer(task.bytes)) return { task };
  const bytes = task.bytes.slice();
  return { task: { ...task, bytes }, transferList: [bytes.buffer as ArrayBuffer] };
}

/** One task per chunk of tickers; the caller's arrays are cloned, never moved (that would detach them). */
function messageSubmissions(task: MessagesTask, bounds: number[]): Submission[] {
  const series = task.series.map(compactSeries);
  if (bounds.length === 2) return [{ task: { ...task, series } }];
  // Duplicates are a whole-request property: found here, before the split, and handed to each chunk.
  const duplicateOf = findDuplicateTickers(series.map((s) => s.ticker));
  return bounds.slice(1).map((end, k) => ({
    task: {
      ...task,
      series: series.slice(bounds[k], end),
      slice: { indexBase: bounds[k], duplicateOf: duplicateOf.slice(bounds[k], end) },
    },
  }));
}

/** Values a messages task carries: every column and the timestamps. */
function valueCount(task: MessagesTask): number {
  let n = 0;
  for (const s of task.series) {
    n += s.timestampsMs.length;
    for (const values of Object.values(s.columns)) n += values.length;
  }
  return n;
}

/**
 * A worker that died (exited, or ran out of memory) rather than threw: piscina rejects its task with
 * one of these. A throw from the task itself is a bug and stays INTERNAL.
 */
function isWorkerDeath(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'ERR_WORKER_OUT_OF_MEMORY' || /^worker exited with code/i.test(e?.message ?? '');
}

const CRASH_MESSAGE = 'preprocessing worker crashed while handling this ticker; the worker was replaced, retry the request';

/** A messages chunk whose worker crashed: every ticker in it is UNAVAILABLE (retryable), the rest of the request stands. */
function crashedChunk(task: MessagesTask): PrepareResult {
  const error = { code: 'UNAVAILABLE' as const, message: CRASH_MESSAGE };
  const failed = task.series.map((s) => failedSeries(s.ticker, s.columns.ret && s.columns.ret.length > 0 ? 'ret' : 'close', error));
  return { batch: packBatch(failed, task.policy.returns), invalid: [], decodeMs: 0, preprocessMs: 0 };
}

function arrowOutOfMemory(task: ArrowTask): PrepareResult {
  return {
    batch: packBatch([], task.policy.returns),
    invalid: ['arrow_ipc: decoding exceeded the worker memory limit (corrupt or oversized Arrow IPC)'],
    decodeMs: 0,
    preprocessMs: 0,
  };
}

export class PreprocessPool {
  readonly #piscina: Piscina<WorkerTask, PrepareResult>;
  readonly #capacity: number;
  readonly #chunkTickers: number;
  readonly #inlineMaxValues: number;
  readonly #threads: number;
  readonly #faults?: FaultInjector<'crash'>;
  readonly #faultLog?: FaultLog;
  #outstanding = 0;
  #closed = false;

  constructor(options: PreprocessPoolOptions) {
    const threads = requireCount('threads', options.threads, 1);
    this.#threads = threads;
    this.#faults = options.faults;
    this.#faultLog = options.faultLog;
    this.#capacity = threads + requireCount('maxQueue', options.maxQueue, 0);
    this.#chunkTickers = requireCount('chunkTickers', options.chunkTickers ?? DEFAULT_CHUNK_TICKERS, 1);
    this.#inlineMaxValues = requireCount('inlineMaxValues', options.inlineMaxValues ?? 0, 0);
    // Only compiled JS can be loaded into a worker thread (no TS loader there), from src/ or dist/ alike.
    const filename = options.workerFile ?? join(packageRoot(), 'dist', 'preprocess', 'worker_entry.cjs');
    if (!existsSync(filename)) {
      throw new Error(`PreprocessPool: worker ${filename} not found; build it with \`npm run build:ts\``);
    }
    const maxHeapMb = requireCount('maxHeapMb', options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB, 16);
    this.#piscina = new Piscina({
      filename,
      minThreads: threads,
      maxThreads: threads,
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
  }

  /** Tasks submitted to workers and not yet settled. */
  get outstandingTasks(): number {
    return this.#outstanding;
  }

  async prepare(task: PrepareTask): Promise<PrepareResult> {
    if (this.#closed) throw new PoolError('UNAVAILABLE', 'preprocessing pool is closed');
    // Inline work is pure and synchronous: it reads the caller's arrays and never mutates them.
    if (task.kind === 'messages' && valueCount(task) <= this.#inlineMaxValues) return runTask(task);
    const bounds = task.kind === 'arrow' ? [0, 1] : planChunks(task.series.length, this.#chunkTickers);
    const count = bounds.length - 1;
    if (this.#outstanding + count > this.#capacity) {
      throw new PoolError(
        'RESOURCE_EXHAUSTED',
        `preprocessing queue is full (${this.#outstanding} tasks outstanding, room for ${this.#capacity}); retry later`,
      );
    }
    const submissions = task.kind === 'arrow' ? [arrowSubmission(task)] : messageSubmissions(task, bounds);
    const settled = await Promise.allSettled(submissions.map((s) => this.#run(s)));
    // A crashed chunk fails only its own tickers; when every chunk crashed the whole call is UNAVAILABLE.
    const crashed = (r: PromiseSettledResult<PrepareResult>) => r.status === 'rejected' && r.reason instanceof PoolError && r.reason.code === 'UNAVAILABLE';
    const other = settled.find((r) => r.status === 'rejected' && !crashed(r));
    if (other) throw (other as PromiseRejectedResult).reason;
    if (settled.every(crashed)) throw (settled[0] as PromiseRejectedResult).reason;
    const results = settled.map((r, k) => (r.status === 'fulfilled' ? r.value : crashedChunk(submissions[k].task as MessagesTask)));
    if (results.length === 1) return results[0];
    return {
      batch: mergeBatches(results.map((r) => r.batch), task.policy.returns),
      invalid: results.flatMap((r) => r.invalid),
      decodeMs: Math.max(...results.map((r) => r.decodeMs)),
      preprocessMs: Math.max(...results.map((r) => r.preprocessMs)),
    };
  }

  /** Worker threads running now; below `threads` only while piscina replaces a dead one. */
  get runningThreads(): number {
    return this.#piscina.threads.length;
  }

  /** For /readyz `degraded`: a worker being replaced (contained crashes are in the FaultLog). */
  degradedReasons(): string[] {
    if (this.#closed) return [];
    const running = this.runningThreads;
    return running < this.#threads ? [`preprocess: ${running} of ${this.#threads} worker threads running (replacing crashed ones)`] : [];
  }

  /** Stops accepting work, lets submitted tasks finish, then ends the threads. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#piscina.close();
  }

  async #run({ task, transferList }: Submission): Promise<PrepareResult> {
    this.#outstanding++;
    const fault = this.#faults?.next();
    try {
      return await this.#piscina.run(fault ? { ...task, fault } : task, { transferList });
    } catch (err) {
      // Piscina replaces the dead worker; for Arrow input the bytes are to blame, so it is the sender's error.
      if (task.kind === 'arrow' && (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return arrowOutOfMemory(task);
      }
      if (isWorkerDeath(err)) {
        this.#faultLog?.record('worker_crash');
        throw new PoolError('UNAVAILABLE', `${CRASH_MESSAGE} (${(err as Error).message})`, { cause: err });
      }
      throw new PoolError('INTERNAL', `preprocessing worker failed: ${(err as Error).message}`, { cause: err });
    } finally {
      this.#outstanding--;
    }
  }
}
