/**
 * The circuit breaker around the GPU executor. closed: batches may go to the GPU; failures are
 * counted. open: every batch goes to the CPU until the cool-down ends. half_open: exactly one probe
 * batch goes to the GPU; its success closes the breaker, its failure opens it again.
 *
 * Outcomes are matched to the state they started in (a ticket carries the breaker's generation):
 * a batch that started while closed and finishes after the breaker opened, or while a probe is out,
 * cannot close or re-open it — only the probe decides a half-open breaker.
 */

export type BreakerState = 'closed' | 'open' | 'half_open';
export const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half_open'];

export interface BreakerOptions {
  /** Opens after this many GPU failures in a row. */
  tripAfterConsecutiveFailures: number;
  /** ... or when at least this share of the last `failureRateWindowBatches` outcomes failed (window full). */
  tripFailureRate: number;
  failureRateWindowBatches: number;
  /** How long an open breaker keeps batches on the CPU before a probe. */
  coolDownMs: number;
}

export interface BreakerTransition {
  from: BreakerState;
  to: BreakerState;
  /** Why, in words: the failure that tripped it, "cool-down over", "probe succeeded". */
  why: string;
}

/** One GPU batch's claim on the breaker, returned by begin() and handed back with its outcome. */
export interface BreakerTicket {
  readonly generation: number;
  readonly probe: boolean;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private generation = 0;
  private openedAtMs = 0;
  private probeOut = false;
  private consecutive = 0;
  /** Last outcomes while closed, true = failure; a ring of failureRateWindowBatches. */
  private readonly window: boolean[] = [];
  private windowFailures = 0;

  constructor(
    private readonly o: BreakerOptions,
    private readonly nowMs: () => number,
    private readonly onTransition: (t: BreakerTransition) => void = () => {},
  ) {}

  /** The state now; an open breaker whose cool-down is over becomes half_open here. */
  get state(): BreakerState {
    if (this.current === 'open' && this.nowMs() - this.openedAtMs >= this.o.coolDownMs) this.move('half_open', `cool-down of ${this.o.coolDownMs} ms over`);
    return this.current;
  }

  /** Whether a batch may start on the GPU now (half_open: only while no probe is out). */
  get admits(): boolean {
    const s = this.state;
    return s === 'closed' || (s === 'half_open' && !this.probeOut);
  }

  /** Precondition: `admits`. In half_open the batch becomes the probe. */
  begin(): BreakerTicket {
    if (!this.admits) throw new Error('CircuitBreaker.begin while not admitting');
    const probe = this.current === 'half_open';
    if (probe) this.probeOut = true;
    return { generation: this.generation, probe };
  }

  success(t: BreakerTicket): void {
    if (t.generation !== this.generation) return;
    if (t.probe) {
      this.probeOut = false;
      this.move('closed', 'probe batch succeeded');
      return;
    }
    if (this.current !== 'closed') return;
    this.consecutive = 0;
    this.record(false);
  }

  /** The batch ended without saying anything about the device (it failed on the CPU too). */
  release(t: BreakerTicket): void {
    if (t.generation === this.generation && t.probe) this.probeOut = false;
  }

  failure(t: BreakerTicket, why: string): void {
    if (t.generation !== this.generation) return;
    if (t.probe) {
      this.probeOut = false;
      this.trip(`probe batch failed: ${why}`);
      return;
    }
    if (this.current !== 'closed') return;
    this.consecutive++;
    this.record(true);
    if (this.consecutive >= this.o.tripAfterConsecutiveFailures) {
      this.trip(`${this.consecutive} consecutive GPU failures, last: ${why}`);
    } else if (this.window.length === this.o.failureRateWindowBatches && this.windowFailures / this.window.length >= this.o.tripFailureRate) {
      this.trip(`${this.windowFailures} of the last ${this.window.length} GPU batches failed, last: ${why}`);
    }
  }

  private record(failed: boolean) {
    this.window.push(failed);
    if (failed) this.windowFailures++;
    if (this.window.length > this.o.failureRateWindowBatches && this.window.shift()) this.windowFailures--;
  }

  private trip(why: string) {
    this.openedAtMs = this.nowMs();
    this.move('open', why);
  }

  private move(to: BreakerState, why: string) {
    const from = this.current;
    this.current = to;
    this.generation++;
    if (to === 'closed') {
      this.consecutive = 0;
      this.window.length = 0;
      this.windowFailures = 0;
    }
    this.onTransition({ from, to, why });
  }
}
