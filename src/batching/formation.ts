import type { Piece } from './piece.js';
import type { QueuePolicy } from './policy.js';
import type { SignatureQueue } from './queue.js';

/** Batch formation knobs for one model (batching.* with batching.models.<name> applied). */
export interface FormationOptions {
  maxBatchSeries: number;
  maxBatchPoints: number;
  maxQueueDelayUs: number;
  dispatchWhenIdle: boolean;
}

/** Whether a queue should send a batch now, or when it will be ready if nothing else changes. */
export type FormationDecision =
  | { kind: 'dispatch'; reason: 'full' | 'delay' | 'idle' }
  | { kind: 'wait'; untilUs: number };

/**
 * Batch formation: when a queue's next batch goes, and what is in it. It never splits: pieces
 * were cut to the limits when the work was submitted, so any single piece fits a batch.
 */
export class BatchFormer {
  /** Precondition: the queue is not empty. */
  decide(queue: SignatureQueue, o: FormationOptions, executorIdle: boolean, nowUs: number): FormationDecision {
    if (queue.series >= o.maxBatchSeries || queue.points >= o.maxBatchPoints) return { kind: 'dispatch', reason: 'full' };
    const dueUs = queue.oldestEnqueuedUs() + o.maxQueueDelayUs;
    if (nowUs >= dueUs) return { kind: 'dispatch', reason: 'delay' };
    if (executorIdle && o.dispatchWhenIdle) return { kind: 'dispatch', reason: 'idle' };
    return { kind: 'wait', untilUs: dueUs };
  }

  /**
   * Takes the next batch off the queue in policy order, up to the limits (at least one piece).
   * `drop` is asked for each piece first; a dropped piece is removed but not batched.
   */
  take(queue: SignatureQueue, o: FormationOptions, policy: QueuePolicy, nowUs: number, drop: (p: Piece) => boolean): Piece[] {
    const batch: Piece[] = [];
    let series = 0;
    let points = 0;
    for (let lane = policy.nextLane(queue, nowUs); lane; lane = policy.nextLane(queue, nowUs)) {
      const head = queue.head(lane)!;
      if (batch.length > 0 && (series + head.series > o.maxBatchSeries || points + head.points > o.maxBatchPoints)) break;
      queue.shift(lane);
      if (drop(head)) continue;
      batch.push(head);
      series += head.series;
      points += head.points;
    }
    return batch;
  }
}

/**
 * Cuts `count` series into contiguous runs within the limits: at most maxSeries series and, unless
 * a single series is already over it, at most maxPoints points. `pointsOf(i)` is series i's points.
 */
export function splitRanges(count: number, pointsOf: (i: number) => number, maxSeries: number, maxPoints: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let points = 0;
  for (let i = 0; i < count; i++) {
    const p = pointsOf(i);
    if (i > start && (i - start >= maxSeries || points + p > maxPoints)) {
      out.push([start, i]);
      start = i;
      points = 0;
    }
    points += p;
  }
  if (count > start) out.push([start, count]);
  return out;
}
