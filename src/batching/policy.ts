import type { Piece } from './piece.js';
import type { SignatureQueue } from './queue.js';
import type { Priority } from './types.js';

export interface QueuePolicyOptions {
  maxQueuedSeries: number;
  maxQueuedBytes: number;
  /** A bulk piece that has waited this long competes as interactive (oldest first): no starvation. */
  bulkAgingUs: number;
  retryAfterMinMs: number;
  retryAfterMaxMs: number;
}

export type Admission = { admitted: true } | { admitted: false; reason: 'queue_series' | 'queue_bytes'; message: string; retryAfterMs: number };

/**
 * Queue policy: who may enter (bounded series and bytes, refused at once rather than delayed, so
 * memory stays bounded and the client can go elsewhere), who is dropped (deadline, cancel), and in
 * which order waiting pieces compete (priority with aging).
 */
export class QueuePolicy {
  private queuedSeries = 0;
  private queuedBytes = 0;
  /** Measured drain rate, series per ms of batch wall time (EWMA); 0 until the first batch. */
  private drainSeriesPerMs = 0;

  constructor(readonly options: QueuePolicyOptions) {}

  get series(): number {
    return this.queuedSeries;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  admit(series: number, bytes: number): Admission {
    const o = this.options;
    if (this.queuedSeries + series > o.maxQueuedSeries) {
      return {
        admitted: false,
        reason: 'queue_series',
        message: `batching queues hold ${this.queuedSeries} series, this work adds ${series}, over batching.maxQueuedSeries=${o.maxQueuedSeries}`,
        retryAfterMs: this.retryAfterMs(),
      };
    }
    if (this.queuedBytes + bytes > o.maxQueuedBytes) {
      return {
        admitted: false,
        reason: 'queue_bytes',
        message: `batching queues hold ${this.queuedBytes} bytes, this work adds ${bytes}, over batching.maxQueuedBytes=${o.maxQueuedBytes}`,
        retryAfterMs: this.retryAfterMs(),
      };
    }
    return { admitted: true };
  }

  /** Precondition: admit() said admitted for these amounts. */
  enter(series: number, bytes: number): void {
    this.queuedSeries += series;
    this.queuedBytes += bytes;
  }

  leave(series: number, bytes: number): void {
    this.queuedSeries -= series;
    this.queuedBytes -= bytes;
  }

  /** Feeds the retry hint: a batch of `series` took `wallMs` from dispatch to result. */
  observeDrain(series: number, wallMs: number): void {
    if (wallMs <= 0) return;
    const rate = series / wallMs;
    this.drainSeriesPerMs = this.drainSeriesPerMs === 0 ? rate : 0.8 * this.drainSeriesPerMs + 0.2 * rate;
  }

  /** Time to drain what is queued now at the measured rate, clamped to the configured range. */
  retryAfterMs(): number {
    const { retryAfterMinMs: lo, retryAfterMaxMs: hi } = this.options;
    if (this.drainSeriesPerMs === 0) return lo;
    return Math.min(hi, Math.max(lo, Math.ceil(this.queuedSeries / this.drainSeriesPerMs)));
  }

  expired(deadlineEpochMs: number, nowEpochMs: number): boolean {
    return nowEpochMs >= deadlineEpochMs;
  }

  /** 0 competes first. Interactive pieces, and bulk pieces that have aged, are class 0. */
  rank(piece: Piece, nowUs: number): 0 | 1 {
    if (piece.job.priority === 'interactive') return 0;
    return nowUs - piece.enqueuedUs >= this.options.bulkAgingUs ? 0 : 1;
  }

  /** Which lane of a queue goes next: lower rank, then earlier enqueue. Undefined if the queue is empty. */
  nextLane(queue: SignatureQueue, nowUs: number): Priority | undefined {
    const i = queue.head('interactive');
    const b = queue.head('bulk');
    if (!i || !b) return i ? 'interactive' : b ? 'bulk' : undefined;
    const ri = this.rank(i, nowUs);
    const rb = this.rank(b, nowUs);
    if (ri !== rb) return ri < rb ? 'interactive' : 'bulk';
    return b.enqueuedUs < i.enqueuedUs ? 'bulk' : 'interactive';
  }

  /** Order key of a queue's next piece among all queues: [rank, enqueuedUs], smaller first. */
  queueKey(queue: SignatureQueue, nowUs: number): [number, number] | undefined {
    const lane = this.nextLane(queue, nowUs);
    if (!lane) return undefined;
    const head = queue.head(lane)!;
    return [this.rank(head, nowUs), head.enqueuedUs];
  }
}
