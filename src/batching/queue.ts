import type { Piece } from './piece.js';
import type { Priority } from './types.js';

/**
 * The pieces waiting for one kernel signature: one FIFO lane per priority, with running totals so
 * formation and admission never walk the lanes.
 */
export class SignatureQueue {
  private readonly lanes: Record<Priority, Piece[]> = { interactive: [], bulk: [] };
  private seriesTotal = 0;
  private pointsTotal = 0;

  constructor(
    readonly signature: string,
    readonly model: string,
  ) {}

  get series(): number {
    return this.seriesTotal;
  }

  get points(): number {
    return this.pointsTotal;
  }

  get empty(): boolean {
    return this.lanes.interactive.length === 0 && this.lanes.bulk.length === 0;
  }

  head(priority: Priority): Piece | undefined {
    return this.lanes[priority][0];
  }

  /** Oldest piece of either lane (what maxQueueDelayUs is measured against). */
  oldestEnqueuedUs(): number {
    const a = this.lanes.interactive[0]?.enqueuedUs ?? Infinity;
    const b = this.lanes.bulk[0]?.enqueuedUs ?? Infinity;
    return Math.min(a, b);
  }

  push(piece: Piece): void {
    this.lanes[piece.job.priority].push(piece);
    this.seriesTotal += piece.series;
    this.pointsTotal += piece.points;
  }

  /** Removes and returns the head of a lane. Precondition: the lane is not empty. */
  shift(priority: Priority): Piece {
    const piece = this.lanes[priority].shift()!;
    this.seriesTotal -= piece.series;
    this.pointsTotal -= piece.points;
    return piece;
  }

  /** Removes every queued piece of a job; returns how many were removed. */
  removeJob(jobId: number, priority: Priority): Piece[] {
    const lane = this.lanes[priority];
    const removed = lane.filter((p) => p.job.id === jobId);
    if (removed.length === 0) return removed;
    this.lanes[priority] = lane.filter((p) => p.job.id !== jobId);
    for (const p of removed) {
      this.seriesTotal -= p.series;
      this.pointsTotal -= p.points;
    }
    return removed;
  }
}
