/**
 * Execution slots: how many batches an executor may run at once. The CPU executor is the native
 * thread pool (every batch already spreads over all its threads, so a second slot only overlaps one
 * batch's JS and allocation with another's kernels); a GPU executor would have one slot per stream.
 */
export class ExecutionSlots {
  private running = 0;

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ExecutionSlots ${name}: capacity must be an integer >= 1`);
  }

  get inFlight(): number {
    return this.running;
  }

  get idle(): boolean {
    return this.running === 0;
  }

  get free(): boolean {
    return this.running < this.capacity;
  }

  /** Precondition: `free`. */
  acquire(): void {
    if (!this.free) throw new Error(`ExecutionSlots ${this.name}: acquire without a free slot`);
    this.running++;
  }

  release(): void {
    if (this.running === 0) throw new Error(`ExecutionSlots ${this.name}: release without acquire`);
    this.running--;
  }
}
