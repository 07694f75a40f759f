import { Metadata, status as Status } from '@grpc/grpc-js';
import { StatusError } from '../server/status.js';

/** Why queued work was refused or dropped: the label of tensorcast_batch_rejections_total. */
export type RejectionReason = 'queue_series' | 'queue_bytes' | 'deadline_queued' | 'deadline_before_execution' | 'cancelled';

/** The queues are full: RESOURCE_EXHAUSTED at once, with the time after which a retry may succeed. */
export class QueueFull extends StatusError {
  constructor(
    readonly reason: 'queue_series' | 'queue_bytes',
    message: string,
    readonly retryAfterMs: number,
  ) {
    const md = new Metadata();
    md.set('retry-after-ms', String(retryAfterMs));
    super(Status.RESOURCE_EXHAUSTED, `server busy: ${message}; retry after ${retryAfterMs} ms`, md);
    this.name = 'QueueFull';
  }
}

/** The call's deadline passed before its work ran; the work was dropped, never computed. */
export class DeadlineExceeded extends StatusError {
  constructor(readonly reason: 'deadline_queued' | 'deadline_before_execution', model: string) {
    super(Status.DEADLINE_EXCEEDED, `deadline exceeded while ${model} work was queued; it was not computed`);
    this.name = 'DeadlineExceeded';
  }
}

/** The client cancelled the call; its queued work was removed. */
export class Cancelled extends StatusError {
  constructor(model: string) {
    super(Status.CANCELLED, `call cancelled; queued ${model} work removed`);
    this.name = 'Cancelled';
  }
}
