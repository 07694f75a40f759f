/**
 * The GPU executor: runs a merged batch on the device behind a circuit breaker, with a time limit.
 * No request fails because the GPU failed: a batch that fails or times out on the device is re-run
 * on the CPU executor, and that re-run is exactly what a CPU-only server computes (same model, same
 * merged batch, the CPU kernels). A timed-out device call cannot be stopped; its late result is
 * discarded — the batch's result promise has settled once already — and its slot stays taken until
 * the call ends, because the stream is still busy.
 */
import type { Logger } from '../obs/logger.js';
import { unionBackends, type ForecastModel, type ModelBatchResult, type ModelRun } from '../models/model.js';
import { CircuitBreaker, type BreakerOptions, type BreakerState, type BreakerTransition } from './breaker.js';
import type { BatchExecutor, ExecutorRun } from './executor.js';
import { FaultInjector, INJECTED_ERRORS, type FaultConfig } from './faults.js';
import type { GpuDevice } from './gpu_device.js';

/** How a GPU batch failed: the `kind` label of tensorcast_gpu_failures_total. */
export type GpuFailureKind = 'timeout' | 'oom' | 'cuda_error' | 'unavailable' | 'error';

export function failureKind(err: unknown, timedOut: boolean): GpuFailureKind {
  if (timedOut) return 'timeout';
  const message = err instanceof Error ? err.message : String(err);
  // The addon prefixes its messages with the entry point ("garchBatch: cuda error: ...").
  if (/^(\w+: )?cuda unavailable: /.test(message)) return 'unavailable';
  if (/out of memory/i.test(message)) return 'oom';
  if (/^(\w+: )?cuda error: /.test(message)) return 'cuda_error';
  return 'error';
}

/** What the GPU executor reports; the Prometheus adapter is in src/obs/gpu_metrics.ts. */
export interface GpuObserver {
  failed(model: string, kind: GpuFailureKind): void;
  /** A timed-out batch's device call finished after its CPU re-run had answered: discarded. */
  lateResultDiscarded(model: string): void;
  /** The breaker's state when observing starts, and after every transition. */
  breakerState(state: BreakerState): void;
  breakerTransition(from: BreakerState, to: BreakerState): void;
}

export const NO_GPU_OBSERVER: GpuObserver = { failed() {}, lateResultDiscarded() {}, breakerState() {}, breakerTransition() {} };

export interface GpuExecutorOptions extends BreakerOptions {
  device: GpuDevice;
  /** Where failed batches are re-run. */
  cpu: BatchExecutor;
  batchTimeoutMs: number;
  faultInjection: FaultConfig;
  log: Logger;
  /** Milliseconds for the breaker's cool-down; tests pass a manual clock. */
  nowMs?: () => number;
}

class GpuTimeout extends Error {
  constructor(ms: number) {
    super(`GPU batch did not finish within gpu.batchTimeoutMs=${ms}`);
  }
}

export class GpuExecutor implements BatchExecutor {
  readonly name = 'gpu';
  readonly breaker: CircuitBreaker;
  private readonly faults: FaultInjector;
  private observer: GpuObserver = NO_GPU_OBSERVER;
  private stalled = 0;

  constructor(private readonly o: GpuExecutorOptions) {
    this.faults = new FaultInjector(o.faultInjection);
    this.breaker = new CircuitBreaker(o, o.nowMs ?? (() => performance.now()), (t) => this.transition(t));
  }

  /** Whether a batch may start on the device now (the breaker is closed, or half-open with no probe out). */
  get admits(): boolean {
    return this.breaker.admits;
  }

  /** Device calls past their time limit that have not ended yet: each still holds its slot. */
  get stalledBatches(): number {
    return this.stalled;
  }

  observe(observer: GpuObserver): void {
    this.observer = observer;
    observer.breakerState(this.breaker.state);
  }

  /** Precondition: `admits`. */
  run(model: ForecastModel<any>, run: ModelRun<unknown>): ExecutorRun {
    const ticket = this.breaker.begin();
    const fault = this.faults.next();
    const used = new Set<string>();
    let timedOut = false;
    let onTimedOut!: () => void;
    const timedOutSignal = new Promise<void>((resolve) => (onTimedOut = resolve));
    let device: Promise<ModelBatchResult> =
      fault === 'fail' || fault === 'oom'
        ? Promise.reject(new Error(INJECTED_ERRORS[fault]))
        : model.run({ ...run, kernels: this.o.device.bindingFor(used) });
    // An injected timeout: the batch computes, but its answer is held until the time limit has
    // passed, so the late-result path runs as it would for a stalled device.
    if (fault === 'timeout') device = device.then(async (r) => (await timedOutSignal, r));

    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        this.stalled++;
        onTimedOut();
        reject(new GpuTimeout(this.o.batchTimeoutMs));
      }, this.o.batchTimeoutMs);
      timer.unref();
    });
    const busyUntil = device.then(
      () => {
        if (timedOut) this.discardLate(model.name, 'result');
      },
      (err: unknown) => {
        if (timedOut) this.discardLate(model.name, `error: ${(err as Error).message}`);
      },
    );

    const result = Promise.race([device, limit]).then(
      (out) => {
        clearTimeout(timer);
        this.breaker.success(ticket);
        return { ...out, backend: used.size > 0 ? unionBackends(used) : this.o.device.backend };
      },
      (err: unknown) => {
        clearTimeout(timer);
        const kind = failureKind(err, timedOut);
        const message = err instanceof Error ? err.message : String(err);
        this.o.log.warn({ model: model.name, kind, err: message, series: run.batch.tickers.length, probe: ticket.probe }, 'GPU batch failed; re-running it on the CPU');
        const rerun = this.o.cpu.run(model, run).result;
        const blame = () => {
          this.observer.failed(model.name, kind);
          this.breaker.failure(ticket, `${kind}: ${message}`);
        };
        if (kind !== 'error') {
          blame();
          return rerun;
        }
        // An error that is neither CUDA's nor a timeout may be the batch's own (a bug that fails on
        // any backend): it counts against the GPU only if the CPU re-run succeeds.
        return rerun.then(
          (r) => {
            blame();
            return r;
          },
          (cpuErr: unknown) => {
            this.breaker.release(ticket);
            throw cpuErr;
          },
        );
      },
    );
    return { result, busyUntil };
  }

  private discardLate(model: string, what: string) {
    this.stalled--;
    this.observer.lateResultDiscarded(model);
    this.o.log.warn({ model, what }, 'timed-out GPU batch finished late; discarded (its CPU re-run already answered)');
  }

  private transition(t: BreakerTransition) {
    this.observer.breakerState(t.to);
    this.observer.breakerTransition(t.from, t.to);
    const line = { breaker: t.to, from: t.from, why: t.why, backend: this.o.device.backend };
    if (t.to === 'open') this.o.log.error(line, 'GPU circuit breaker opened: batches go to the CPU');
    else this.o.log.warn(line, t.to === 'closed' ? 'GPU circuit breaker closed: GPU back in use' : 'GPU circuit breaker half-open: next GPU batch is a probe');
  }
}
