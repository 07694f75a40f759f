/**
 * Faults the service contained instead of failing on: a crashed preprocessing worker, a compute
 * batch refused by its executor, a native kernel error isolated to its tickers. Each is counted
 * (for /metrics and the soak's tally) and remembered for a window, so /readyz can say what is
 * degraded now rather than forever after one fault.
 */

/** The `kind` label of tensorcast_faults_contained_total. */
export type FaultKind = 'worker_crash' | 'compute_unavailable' | 'kernel_error';

const KIND_TEXT: Record<FaultKind, string> = {
  worker_crash: 'preprocessing worker crash(es); the worker was replaced and the affected tickers got UNAVAILABLE',
  compute_unavailable: 'compute batch(es) refused by the executor; their tickers got UNAVAILABLE',
  kernel_error: 'native kernel error(s); isolated to the failing tickers, which got INTERNAL',
};

export class FaultLog {
  readonly #windowMs: number;
  readonly #nowMs: () => number;
  readonly #times = new Map<FaultKind, number[]>();
  readonly #totals = new Map<FaultKind, number>();
  #listener: (kind: FaultKind) => void = () => {};

  constructor(windowMs: number, nowMs: () => number = Date.now) {
    if (!(windowMs > 0)) throw new RangeError(`FaultLog: windowMs must be > 0, got ${windowMs}`);
    this.#windowMs = windowMs;
    this.#nowMs = nowMs;
  }

  /** Called on every record (the server counts them in Prometheus). */
  onRecord(listener: (kind: FaultKind) => void): void {
    this.#listener = listener;
  }

  record(kind: FaultKind): void {
    this.#totals.set(kind, (this.#totals.get(kind) ?? 0) + 1);
    const times = this.#times.get(kind) ?? [];
    times.push(this.#nowMs());
    this.#times.set(kind, times);
    this.#prune(kind);
    this.#listener(kind);
  }

  /** Faults of this kind since start. */
  total(kind: FaultKind): number {
    return this.#totals.get(kind) ?? 0;
  }

  /** Faults of this kind within the window. */
  recent(kind: FaultKind): number {
    this.#prune(kind);
    return this.#times.get(kind)?.length ?? 0;
  }

  /** One line per kind with faults in the window, for /readyz `degraded`. */
  degradedReasons(): string[] {
    const seconds = Math.round(this.#windowMs / 1000);
    return (Object.keys(KIND_TEXT) as FaultKind[])
      .map((kind) => [kind, this.recent(kind)] as const)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${n} ${KIND_TEXT[kind]} in the last ${seconds} s`);
  }

  /** Drops times older than the window; the list stays as long as the faults of one window. */
  #prune(kind: FaultKind): void {
    const times = this.#times.get(kind);
    if (!times) return;
    const oldest = this.#nowMs() - this.#windowMs;
    let drop = 0;
    while (drop < times.length && times[drop] <= oldest) drop++;
    if (drop > 0) times.splice(0, drop);
  }
}
