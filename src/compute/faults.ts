/**
 * Seeded fault injection: decides which attempts fail on purpose, so that CPU-only CI can drive the
 * GPU circuit breaker (gpu.faultInjection), a crashed preprocessing worker (faults.preprocess) and a
 * failed or slow compute batch (faults.compute) through failure and recovery. Mode none, the
 * default everywhere, injects nothing.
 */
import type { Config } from '../config/schema.js';
import { mulberry32 as seeded } from '../core/prng.js';

/** The shape every injector is configured with (schema.ts `injection`). */
export interface InjectionConfig<M extends string> {
  mode: 'none' | M;
  everyN: number;
  probability: number;
  seed: number;
  maxFaults: number | null;
}

export type FaultConfig = Config['gpu']['faultInjection'];
export type FaultMode = Exclude<FaultConfig['mode'], 'none'>;

/** What an injected fault looks like to the executor: the errors a CUDA batch can reject with. */
export const INJECTED_ERRORS: Record<Exclude<FaultMode, 'timeout'>, string> = {
  fail: 'cuda error: injected fault (gpu.faultInjection)',
  oom: 'cuda error: out of memory (injected by gpu.faultInjection)',
};

export class FaultInjector<M extends string = FaultMode> {
  private attempts = 0;
  private injected = 0;
  private readonly random: () => number;

  constructor(private readonly cfg: InjectionConfig<M>) {
    this.random = seeded(cfg.seed);
  }

  /** Faults injected so far. */
  get count(): number {
    return this.injected;
  }

  /** Called once per attempt (a GPU batch, a worker task, a CPU batch): the fault to inject into it, if any. */
  next(): M | undefined {
    if (this.cfg.mode === 'none') return undefined;
    this.attempts++;
    if (this.attempts % this.cfg.everyN !== 0) return undefined;
    if (this.cfg.maxFaults !== null && this.injected >= this.cfg.maxFaults) return undefined;
    if (this.cfg.probability < 1 && !(this.random() < this.cfg.probability)) return undefined;
    this.injected++;
    return this.cfg.mode as M;
  }
}
