// FaultLog's window, on a hand-driven clock: a fault at time t is listed while now - t < windowMs.
import { describe, expect, it } from 'vitest';
import { FaultLog } from '../../src/obs/fault_log.js';

describe('FaultLog', () => {
  it('counts totals forever and lists only the faults of the last window as degraded', () => {
    let now = 0;
    const log = new FaultLog(10_000, () => now);
    const seen: string[] = [];
    log.onRecord((k) => seen.push(k));
    expect(log.degradedReasons()).toEqual([]);
    log.record('worker_crash');
    now = 4_000;
    log.record('worker_crash');
    log.record('kernel_error');
    expect(log.degradedReasons()).toEqual([
      '2 preprocessing worker crash(es); the worker was replaced and the affected tickers got UNAVAILABLE in the last 10 s',
      '1 native kernel error(s); isolated to the failing tickers, which got INTERNAL in the last 10 s',
    ]);
    now = 10_000; // the first crash is exactly one window old: out
    expect([log.recent('worker_crash'), log.recent('kernel_error')]).toEqual([1, 1]);
    now = 14_001;
    expect(log.degradedReasons()).toEqual([]);
    expect([log.total('worker_crash'), log.total('kernel_error'), log.total('compute_unavailable')]).toEqual([2, 1, 0]);
    expect(seen).toEqual(['worker_crash', 'worker_crash', 'kernel_error']);
  });
});
