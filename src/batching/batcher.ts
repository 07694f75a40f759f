/**
 * The dynamic batcher: the façade the engine calls instead of running a model directly. It cuts each
 * request's model work into pieces, queues them per kernel signature, and sends merged batches to
 * the executor when formation says so and an execution slot is free; results are sliced back to
 * their requests. Queue policy, batch formation and execution slots are separate pieces
 * (policy.ts, formation.ts, slots.ts); this file only wires them to time and to the executor.
 */
import type { Config } from '../config/schema.js';
import type { ModelBatchResult } from '../models/model.js';
import { Cancelled, DeadlineExceeded, QueueFull, type RejectionReason } from './errors.js';
import { BatchFormer, splitRanges, type FormationOptions } from './formation.js';
import { concatResults, mergeRanges, rangePoints, sliceResult } from './merge.js';
import { NO_OBSERVER, type BatchObserver } from './observer.js';
import type { Job, Piece } from './piece.js';
import { QueuePolicy } from './policy.js';
import { SignatureQueue } from './queue.js';
import { ExecutorRouter, type GpuRouting, type Lane } from './routing.js';
import { kernelSignature } from './signature.js';
import { CpuExecutor, type BatchExecutor, type ExecutorRun } from '../compute/executor.js';
import type { FaultLog } from '../obs/fault_log.js';
import { containFailure } from './contain.js';
import { DirectExecutor, type ModelExecutor, type ModelWork, type RunControl } from './types.js';

export type BatchingConfig = Config['batching'];

/** Time as the batcher sees it; tests drive it by hand. */
export interface Clock {
  /** Monotonic microseconds (queue delays, aging). */
  nowUs(): number;
  /** Wall-clock epoch milliseconds (call deadlines are wall-clock). */
  epochMs(): number;
}

export const SYSTEM_CLOCK: Clock = { nowUs: () => performance.now() * 1000, epochMs: () => Date.now() };

export interface BatcherOptions {
  config: BatchingConfig;
  /** Model names the server knows: a batching.models key outside them is a configuration error. */
  modelNames: string[];
  clock?: Clock;
  observer?: BatchObserver;
  /** A GPU executor next to the CPU slots (routing.ts); absent: every batch runs on the CPU. */
  gpu?: GpuRouting;
  /** The CPU executor (faults.compute may wrap it); default the plain native thread pool. */
  cpu?: BatchExecutor;
  /** Where contained batch failures are recorded (for /readyz and /metrics). */
  faultLog?: FaultLog;
}

/** Bytes a piece holds while queued: its values (level and returns) and a per-series allowance. */
const BYTES_PER_POINT = 8;
const BYTES_PER_SERIES = 128;

export class DynamicBatcher implements ModelExecutor {
  private readonly cfg: BatchingConfig;
  private readonly clock: Clock;
  private observer: BatchObserver;
  private readonly policy: QueuePolicy;
  private readonly former = new BatchFormer();
  /** The CPU slots and, when there is one, the GPU executor's slots (one per stream). */
  private readonly router: ExecutorRouter;
  private readonly queues = new Map<string, SignatureQueue>();
  private readonly pendingByModel = new Map<string, number>();
  private readonly cpu: BatchExecutor;
  private readonly faultLog?: FaultLog;
  private readonly direct: DirectExecutor;
  private timer: NodeJS.Timeout | undefined;
  private timerDueUs = Infinity;
  private nextJobId = 1;
  private pumping = false;
  private repump = false;
  private closed = false;

  constructor(options: BatcherOptions) {
    this.cfg = options.config;
    for (const name of Object.keys(this.cfg.models)) {
      if (!options.modelNames.includes(name)) {
        throw new RangeError(`batching.models.${name}: unknown model (known: ${options.modelNames.join(', ')})`);
      }
    }
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.observer = options.observer ?? NO_OBSERVER;
    this.policy = new QueuePolicy(this.cfg);
    this.cpu = options.cpu ?? new CpuExecutor();
    this.faultLog = options.faultLog;
    this.direct = new DirectExecutor(this.cpu, this.faultLog);
    this.router = new ExecutorRouter(this.cpu, this.cfg.executors.cpu.maxInFlightBatches, options.gpu);
  }

  /** Where metrics go; set once the server's registry exists. */
  observe(observer: BatchObserver): void {
    this.observer = observer;
  }

  formationFor(model: string): FormationOptions & { enabled: boolean } {
    const o = this.cfg.models[model] ?? {};
    return {
      enabled: o.enabled ?? true,
      maxBatchSeries: o.maxBatchSeries ?? this.cfg.maxBatchSeries,
      maxBatchPoints: o.maxBatchPoints ?? this.cfg.maxBatchPoints,
      maxQueueDelayUs: o.maxQueueDelayUs ?? this.cfg.maxQueueDelayUs,
      dispatchWhenIdle: o.dispatchWhenIdle ?? this.cfg.dispatchWhenIdle,
    };
  }

  /** Series and bytes queued now, over all signatures (for tests and the retry hint). */
  queued(): { series: number; bytes: number } {
    return { series: this.policy.series, bytes: this.policy.bytes };
  }

  execute(work: ModelWork, control: RunControl): Promise<ModelBatchResult> {
    const model = work.model.name;
    const formation = this.formationFor(model);
    const n = work.batch.tickers.length;
    if (!formation.enabled || n === 0) return this.direct.execute(work);
    if (this.closed) return Promise.reject(new Error('batcher closed'));
    const deadlineEpochMs = control.deadlineEpochMs ?? Infinity;
    if (control.signal?.aborted) return this.refuse(model, 'cancelled', new Cancelled(model));
    if (this.policy.expired(deadlineEpochMs, this.clock.epochMs())) {
      return this.refuse(model, 'deadline_queued', new DeadlineExceeded('deadline_queued', model));
    }

    const b = work.batch;
    const pointsOf = (i: number) => b.levelOffsets[i + 1] - b.levelOffsets[i] + (b.returnOffsets[i + 1] - b.returnOffsets[i]);
    const ranges = splitRanges(n, pointsOf, formation.maxBatchSeries, formation.maxBatchPoints);
    let totalPoints = 0;
    for (const [s, e] of ranges) totalPoints += rangePoints({ batch: b, start: s, end: e });
    const bytes = totalPoints * BYTES_PER_POINT + n * BYTES_PER_SERIES;
    const admission = this.policy.admit(n, bytes);
    if (!admission.admitted) {
      return this.refuse(model, admission.reason, new QueueFull(admission.reason, admission.message, admission.retryAfterMs));
    }
    this.policy.enter(n, bytes);

    return new Promise<ModelBatchResult>((resolve, reject) => {
      const nowUs = this.clock.nowUs();
      const job: Job & { resolve: typeof resolve; reject: typeof reject; cleanup: () => void } = {
        id: this.nextJobId++,
        work,
        signature: kernelSignature(work),
        priority: control.priority ?? 'interactive',
        deadlineEpochMs,
        signal: control.signal,
        submittedUs: nowUs,
        series: n,
        bytes,
        pieces: [],
        results: new Array(ranges.length).fill(undefined),
        piecesLeft: ranges.length,
        computeMs: 0,
        settled: false,
        resolve,
        reject,
        cleanup: () => {},
      };
      for (const [k, [start, end]] of ranges.entries()) {
        const range = { batch: b, start, end };
        const points = rangePoints(range);
        job.pieces.push({ job, index: k, range, series: end - start, points, bytes: points * BYTES_PER_POINT + (end - start) * BYTES_PER_SERIES, enqueuedUs: nowUs });
      }
      this.watch(job);
      let queue = this.queues.get(job.signature);
      if (!queue) this.queues.set(job.signature, (queue = new SignatureQueue(job.signature, model)));
      for (const p of job.pieces) queue.push(p);
      this.setPending(model, +1);
      this.pump();
    });
  }

  /** Stops timers; queued work is refused. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private refuse(model: string, reason: RejectionReason, err: Error): Promise<never> {
    this.observer.rejected(model, reason);
    return Promise.reject(err);
  }

  private setPending(model: string, delta: number) {
    const n = (this.pendingByModel.get(model) ?? 0) + delta;
    this.pendingByModel.set(model, n);
    this.observer.pending(model, n);
  }

  /** Deadline timer and abort listener: either removes the job's queued pieces and rejects it. */
  private watch(job: Job & { cleanup: () => void }) {
    const model = job.work.model.name;
    // grpc-js also reports a call that reached its deadline as cancelled: name the real cause.
    const onAbort = () =>
      this.policy.expired(job.deadlineEpochMs, this.clock.epochMs())
        ? this.fail(job, 'deadline_queued', new DeadlineExceeded('deadline_queued', model))
        : this.fail(job, 'cancelled', new Cancelled(model));
    job.signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    if (Number.isFinite(job.deadlineEpochMs)) {
      const delayMs = Math.max(0, job.deadlineEpochMs - this.clock.epochMs());
      // Past ~24.8 days setTimeout fires at once; such a deadline is as good as none while queued.
      if (delayMs < 2 ** 31 - 1) {
        timer = setTimeout(() => this.fail(job, 'deadline_queued', new DeadlineExceeded('deadline_queued', model)), delayMs);
        timer.unref();
      }
    }
    job.cleanup = () => {
      job.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    };
  }

  /** Settles a job with an error: its queued pieces leave their queue and are never computed. */
  private fail(job: Job, reason: RejectionReason, err: Error) {
    if (job.settled) return;
    const queue = this.queues.get(job.signature);
    const removed = queue ? queue.removeJob(job.id, job.priority) : [];
    for (const p of removed) this.policy.leave(p.series, p.bytes);
    this.observer.rejected(job.work.model.name, reason);
    this.settle(job, err);
    if (queue?.empty) this.queues.delete(job.signature);
    this.pump();
  }

  private settle(job: Job, err: Error | undefined) {
    const j = job as Job & { resolve(r: ModelBatchResult): void; reject(e: Error): void; cleanup(): void };
    j.settled = true;
    j.cleanup();
    const model = job.work.model.name;
    this.setPending(model, -1);
    const wallMs = (this.clock.nowUs() - job.submittedUs) / 1000;
    this.observer.finished(model, wallMs);
    if (err) {
      j.reject(err);
      return;
    }
    const result = { ...concatResults(job.results as ModelBatchResult[]) };
    // This request's own split of its wall time: kernel time of its batches, the rest waiting.
    result.computeMs = job.computeMs;
    result.queueMs = Math.max(0, wallMs - job.computeMs);
    j.resolve(result);
  }

  /**
   * Sends every batch that is due while slots are free, best queue first; arms one timer for the
   * earliest queue that will be due. Called after anything that can change a decision.
   */
  private pump() {
    if (this.closed) return;
    // fail() and settle() call back in here while a batch is being formed: finish that one first.
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        this.pumpOnce();
      } while (this.repump);
    } finally {
      this.pumping = false;
    }
  }

  private pumpOnce() {
    let nextDueUs = Infinity;
    while (this.router.anyFree && this.queues.size > 0) {
      const nowUs = this.clock.nowUs();
      let best: { queue: SignatureQueue; key: [number, number]; lane: Lane } | undefined;
      nextDueUs = Infinity;
      for (const queue of this.queues.values()) {
        const o = this.formationFor(queue.model);
        // Routed by the most series its next batch can hold; a queue whose executor is busy waits
        // for it (that executor's next release pumps again).
        const lane = this.router.route(queue.model, Math.min(queue.series, o.maxBatchSeries));
        if (!lane.slots.free) continue;
        const decision = this.former.decide(queue, o, lane.slots.idle, nowUs);
        if (decision.kind === 'wait') {
          nextDueUs = Math.min(nextDueUs, decision.untilUs);
          continue;
        }
        const key = this.policy.queueKey(queue, nowUs)!;
        if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && key[1] < best.key[1])) best = { queue, key, lane };
      }
      if (!best) break;
      this.dispatch(best.queue, nowUs, best.lane);
    }
    this.arm(this.router.anyFree ? nextDueUs : Infinity);
  }

  private arm(dueUs: number) {
    if (dueUs === this.timerDueUs) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueUs = dueUs;
    if (!Number.isFinite(dueUs)) return;
    const delayMs = Math.max(0, (dueUs - this.clock.nowUs()) / 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDueUs = Infinity;
      this.pump();
    }, delayMs);
    this.timer.unref();
  }

  /** Forms one batch from the queue and starts it. Precondition: `planned` has a free slot. */
  private dispatch(queue: SignatureQueue, nowUs: number, planned: Lane) {
    const o = this.formationFor(queue.model);
    const nowEpochMs = this.clock.epochMs();
    // Checked again here, just before execution: a deadline can pass without its timer having run yet.
    const drop = (p: Piece) => {
      this.policy.leave(p.series, p.bytes);
      const job = p.job;
      if (job.settled) return true;
      if (job.signal?.aborted) {
        this.fail(job, 'cancelled', new Cancelled(queue.model));
        return true;
      }
      if (this.policy.expired(job.deadlineEpochMs, nowEpochMs)) {
        this.fail(job, 'deadline_before_execution', new DeadlineExceeded('deadline_before_execution', queue.model));
        return true;
      }
      return false;
    };
    const pieces = this.former.take(queue, o, this.policy, nowUs, drop);
    if (queue.empty) this.queues.delete(queue.signature);
    if (pieces.length === 0) return;
    for (const p of pieces) this.observer.queued(queue.model, (nowUs - p.enqueuedUs) / 1000);
    // Drops can leave the batch smaller than planned: route it again by what it really holds.
    const series = pieces.reduce((n, p) => n + p.series, 0);
    const routed = this.router.route(queue.model, series);
    const lane = routed.slots.free ? routed : planned;
    lane.slots.acquire();
    void this.run(queue.model, pieces, lane);
  }

  private async run(model: string, pieces: Piece[], lane: Lane) {
    const startedUs = this.clock.nowUs();
    const { work } = pieces[0].job;
    const merged = mergeRanges(pieces.map((p) => p.range));
    const n = merged.tickers.length;
    let result: ModelBatchResult | undefined;
    let error: Error | undefined;
    let started: ExecutorRun | undefined;
    const batchRun = { batch: merged, options: work.options, horizonBars: work.horizonBars, levels: work.levels };
    try {
      started = lane.executor.run(work.model, batchRun);
      result = await started.result;
    } catch (err) {
      // Contained while the slot is still held: the batch's tickers get per-ticker errors (a kernel
      // error is isolated to its series by re-running them one by one), the calls still answer.
      try {
        result = await containFailure(err, work.model, batchRun, this.cpu, this.faultLog);
      } catch (bug) {
        error = bug instanceof Error ? bug : new Error(String(bug));
      }
    }
    if (started?.busyUntil) {
      void started.busyUntil.then(() => {
        lane.slots.release();
        this.pump();
      });
    } else {
      lane.slots.release();
    }
    this.policy.observeDrain(n, (this.clock.nowUs() - startedUs) / 1000);
    if (result) this.observer.executed(model, n, result.computeMs, result.backend);
    let at = 0;
    for (const p of pieces) {
      const job = p.job;
      const start = at;
      at += p.series;
      if (job.settled) continue;
      if (error) {
        this.settle(job, error);
        continue;
      }
      job.results[p.index] = sliceResult(result!, n, start, start + p.series);
      job.computeMs += result!.computeMs;
      if (--job.piecesLeft === 0) this.settle(job, undefined);
    }
    this.pump();
  }
}
