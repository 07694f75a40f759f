/**
 * faults.compute: a CPU executor that fails or slows batches on purpose, and one that throws for a
 * chosen ticker as a native kernel error would, so that the containment of executor failures
 * (batching/contain.ts) can be tested end to end on a CPU-only machine. Testing aid; off by default.
 */
import type { Config } from '../config/schema.js';
import type { ForecastModel, ModelRun } from '../models/model.js';
import type { BatchExecutor, ExecutorRun } from './executor.js';
import { FaultInjector } from './faults.js';

export type ComputeFaultConfig = Config['faults']['compute'];

/** The executor refused the batch (nothing was computed): its tickers are UNAVAILABLE, a retry may succeed. */
export class ExecutorUnavailable extends Error {
  override name = 'ExecutorUnavailable';
}

export const INJECTED_UNAVAILABLE = 'compute executor unavailable: injected fault (faults.compute)';

export class FaultyExecutor implements BatchExecutor {
  readonly name: string;
  readonly #faults: FaultInjector<'fail' | 'slow'>;

  constructor(
    private readonly inner: BatchExecutor,
    private readonly cfg: ComputeFaultConfig,
  ) {
    this.name = inner.name;
    this.#faults = new FaultInjector(cfg);
  }

  /** Faults injected so far (fail and slow). */
  get injected(): number {
    return this.#faults.count;
  }

  run(model: ForecastModel<any>, run: ModelRun<unknown>): ExecutorRun {
    const fault = this.#faults.next();
    if (fault === 'fail') return { result: Promise.reject(new ExecutorUnavailable(INJECTED_UNAVAILABLE)) };
    const poisoned = this.cfg.poisonTicker !== '' && run.batch.tickers.includes(this.cfg.poisonTicker);
    const go = () => {
      // The addon throws a plain Error from a failed kernel call; this is that error, for one ticker.
      if (poisoned) return Promise.reject(new Error(`native kernel error: injected for ticker ${this.cfg.poisonTicker} (faults.compute.poisonTicker)`));
      return this.inner.run(model, run).result;
    };
    if (fault === 'slow') return { result: new Promise((resolve) => setTimeout(resolve, this.cfg.slowMs)).then(go) };
    return { result: go() };
  }
}

/** The CPU executor the runtime uses: the plain one unless faults.compute asks for faults. */
export function computeExecutor(inner: BatchExecutor, cfg: ComputeFaultConfig): BatchExecutor {
  return cfg.mode === 'none' && cfg.poisonTicker === '' ? inner : new FaultyExecutor(inner, cfg);
}
