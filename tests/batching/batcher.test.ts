// The dynamic batcher against a model whose kernel calls the test releases by hand, on a manual
// clock: no test depends on how fast anything runs. Expected values come from the fake model's
// definition (mean = sum of the series, variance = its length), computed here independently.
import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { DynamicBatcher } from '../../src/batching/batcher.js';
import { batcher, BASE_CONFIG, ControlledModel, preparedBatch, settle } from './fakes.js';

const H = 2;
const work = (model: ControlledModel, values: number[][], prefix: string, options: object = {}) => ({
  model,
  options,
  batch: preparedBatch(values, prefix),
  horizonBars: H,
  levels: [0.9],
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const rejection = (p: Promise<unknown>) => p.then(() => null, (e) => e);

describe('coalescing', () => {
  it('work arriving while the executor is busy goes out as one batch, each request getting its own numbers', async () => {
    const model = new ControlledModel();
    const { b, counts } = batcher();
    const first = b.execute(work(model, [[1, 2]], 'F'), {});
    await settle();
    expect(model.calls.length).toBe(1); // idle executor: sent at once, alone
    const singles = Array.from({ length: 10 }, (_, i) => b.execute(work(model, [[i, i + 1, i + 2]], `S${i}-`), {}));
    await settle();
    expect(model.calls.length).toBe(1); // the slot is busy: they wait
    model.release(0);
    await settle();
    expect(model.calls.length).toBe(2);
    expect(model.calls[1].tickers).toEqual(Array.from({ length: 10 }, (_, i) => `S${i}-0`));
    model.release(1);
    const results = await Promise.all(singles);
    await first;
    expect(counts.executions).toBe(2); // 11 requests, 2 kernel calls
    results.forEach((r, i) => {
      expect(Array.from(r.mean)).toEqual([3 * i + 3, 3 * i + 3]);
      expect(Array.from(r.variance)).toEqual([3, 3]);
      expect(r.points[0]).toBe(3);
      expect(r.computeMs).toBe(1); // the fake kernel reports 1 ms per call
    });
  });

  it('different options never share a kernel call', async () => {
    const model = new ControlledModel();
    const { b } = batcher();
    const first = b.execute(work(model, [[1]], 'F'), {});
    const a = b.execute(work(model, [[1]], 'A', { k: 1 }), {});
    const c = b.execute(work(model, [[1]], 'C', { k: 2 }), {});
    await settle();
    model.release(0);
    await settle();
    model.release(1);
    await settle();
    model.release(2);
    await Promise.all([first, a, c]);
    expect(model.calls.map((x) => x.tickers)).toEqual([['F0'], ['A0'], ['C0']]);
  });

  it('a model configured out of batching runs directly', async () => {
    const model = new ControlledModel('solo');
    model.autoRelease = true;
    const { b, counts } = batcher({ models: { solo: { enabled: false } } }, ['solo']);
    await Promise.all([b.execute(work(model, [[1]], 'A'), {}), b.execute(work(model, [[2]], 'B'), {})]);
    expect(model.calls.length).toBe(2);
    expect(counts.executions).toBe(0);
  });

  it('refuses an override for a model the server does not know', () => {
    expect(() => new DynamicBatcher({ config: { ...BASE_CONFIG, models: { nope: { enabled: false } } }, modelNames: ['fake'] })).toThrow(
      /batching.models.nope: unknown model/,
    );
  });
});

describe('oversize requests', () => {
  it('are split across batches and reassembled in series order', async () => {
    const model = new ControlledModel();
    model.autoRelease = true;
    const { b, counts } = batcher({ maxBatchSeries: 3 });
    const values = Array.from({ length: 8 }, (_, i) => [i, 10 * i, 100 + i]);
    const r = await b.execute(work(model, values, 'X'), {});
    expect(model.calls.map((c) => c.tickers.length)).toEqual([3, 3, 2]);
    expect(counts.executions).toBe(3);
    expect(Array.from(r.mean)).toEqual(values.flatMap((v) => [sum(v), sum(v)]));
    expect(r.params.map((p) => p.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.computeMs).toBe(3); // three kernel calls of 1 ms carried its series
  });

  it('are split by the points budget too, and share batches with other requests', async () => {
    const model = new ControlledModel();
    const { b } = batcher({ maxBatchPoints: 12 }); // each series is 3 level + 3 return points
    const first = b.execute(work(model, [[0]], 'F'), {});
    const big = b.execute(work(model, [[1, 1, 1], [2, 2, 2], [3, 3, 3]], 'B'), {});
    const small = b.execute(work(model, [[4, 4, 4]], 'S'), {});
    await settle();
    for (let i = 0; i < 3; i++) {
      model.release(i);
      await settle();
    }
    expect(model.calls.map((c) => c.tickers)).toEqual([['F0'], ['B0', 'B1'], ['B2', 'S0']]);
    expect(Array.from((await big).mean)).toEqual([3, 3, 6, 6, 9, 9]);
    expect(Array.from((await small).mean)).toEqual([12, 12]);
    await first;
  });
});

describe('deadlines', () => {
  it('work whose deadline passes in the queue is dropped with DEADLINE_EXCEEDED and never computed', async () => {
    const model = new ControlledModel();
    const { b, clock, counts } = batcher();
    const first = b.execute(work(model, [[1]], 'F'), {});
    const late = b.execute(work(model, [[2]], 'L'), { deadlineEpochMs: clock.epochMs() + 30 });
    const err = await rejection(late); // the deadline timer fires while F still holds the slot
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(counts.rejected.deadline_queued).toBe(1);
    expect(b.queued()).toEqual({ series: 0, bytes: 0 });
    model.release(0);
    await first;
    await settle();
    expect(model.calls.map((c) => c.tickers)).toEqual([['F0']]);
  });

  it('is checked again just before execution', async () => {
    const model = new ControlledModel();
    const { b, clock, counts } = batcher();
    const first = b.execute(work(model, [[1]], 'F'), {});
    const late = b.execute(work(model, [[2]], 'L'), { deadlineEpochMs: clock.epochMs() + 60_000 });
    const onTime = b.execute(work(model, [[3]], 'T'), { deadlineEpochMs: clock.epochMs() + 600_000 });
    clock.advanceMs(120_000); // L's deadline has passed on the clock, its timer has not run
    model.release(0);
    const err = await rejection(late);
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(counts.rejected.deadline_before_execution).toBe(1);
    await settle();
    expect(model.calls.map((c) => c.tickers)).toEqual([['F0'], ['T0']]);
    model.release(1);
    await Promise.all([first, onTime]);
  });
});

describe('cancellation', () => {
  it('removes the queued work of a cancelled call', async () => {
    const model = new ControlledModel();
    const { b, counts } = batcher();
    const first = b.execute(work(model, [[1]], 'F'), {});
    const ac = new AbortController();
    const gone = b.execute(work(model, [[2], [3]], 'C'), { signal: ac.signal });
    await settle();
    expect(b.queued().series).toBe(2);
    ac.abort();
    expect((await rejection(gone)).code).toBe(status.CANCELLED);
    expect(b.queued()).toEqual({ series: 0, bytes: 0 });
    expect(counts.rejected.cancelled).toBe(1);
    model.release(0);
    await first;
    await settle();
    expect(model.calls.length).toBe(1);
  });
});

describe('priorities', () => {
  it('interactive work goes before bulk work that was queued earlier', async () => {
    const model = new ControlledModel();
    const { b } = batcher({ maxBatchSeries: 1 });
    const first = b.execute(work(model, [[1]], 'F'), {});
    const bulk = b.execute(work(model, [[1]], 'B'), { priority: 'bulk' });
    const other = b.execute(work(model, [[1]], 'O', { k: 7 }), { priority: 'bulk' }); // another queue
    const inter = b.execute(work(model, [[1]], 'I'), { priority: 'interactive' });
    const inter2 = b.execute(work(model, [[1]], 'J', { k: 7 }), {});
    await settle();
    for (let i = 0; i < 5; i++) {
      model.release(i);
      await settle();
    }
    await Promise.all([first, bulk, other, inter, inter2]);
    expect(model.calls.map((c) => c.tickers[0])).toEqual(['F0', 'I0', 'J0', 'B0', 'O0']);
  });

  it('bulk work that has waited bulkAgingUs competes as interactive, oldest first: it is not starved', async () => {
    const model = new ControlledModel();
    const { b, clock } = batcher({ maxBatchSeries: 1, bulkAgingUs: 5_000 });
    const first = b.execute(work(model, [[1]], 'F'), {});
    const bulk = b.execute(work(model, [[1]], 'B'), { priority: 'bulk' });
    clock.advanceMs(6); // B has aged
    const newer = Array.from({ length: 3 }, (_, i) => b.execute(work(model, [[1]], `I${i}-`), {}));
    await settle();
    for (let i = 0; i < 5; i++) {
      model.release(i);
      await settle();
    }
    await Promise.all([first, bulk, ...newer]);
    expect(model.calls.map((c) => c.tickers[0])).toEqual(['F0', 'B0', 'I0-0', 'I1-0', 'I2-0']);
  });
});

describe('backpressure', () => {
  it('refuses work over maxQueuedSeries at once with RESOURCE_EXHAUSTED and a retry-after-ms hint', async () => {
    const model = new ControlledModel();
    const { b, counts } = batcher({ maxQueuedSeries: 3 });
    const first = b.execute(work(model, [[1]], 'F'), {}); // running, not queued
    const queued = b.execute(work(model, [[1], [2]], 'Q'), {});
    const err = await rejection(b.execute(work(model, [[1], [2]], 'R'), {}));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.message).toMatch(/batching.maxQueuedSeries=3/);
    expect(Number(err.metadata.get('retry-after-ms')[0])).toBeGreaterThanOrEqual(10);
    expect(counts.rejected.queue_series).toBe(1);
    model.release(0);
    await settle();
    model.release(1);
    await Promise.all([first, queued]);
    // room again once the queue drained
    model.autoRelease = true;
    await b.execute(work(model, [[1], [2]], 'R'), {});
  });

  it('bounds queued bytes as well', async () => {
    const model = new ControlledModel();
    const { b, counts } = batcher({ maxQueuedBytes: 2000 });
    const first = b.execute(work(model, [[1]], 'F'), {});
    const err = await rejection(b.execute(work(model, [Array.from({ length: 200 }, (_, i) => i)], 'BIG'), {}));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(counts.rejected.queue_bytes).toBe(1);
    model.release(0);
    await first;
  });
});

describe('timing', () => {
  it("a request's queue time is its wall time outside the kernel", async () => {
    const model = new ControlledModel();
    const { b, clock } = batcher();
    const first = b.execute(work(model, [[1]], 'F'), {});
    const second = b.execute(work(model, [[1]], 'S'), {});
    clock.advanceMs(40);
    model.release(0);
    await settle();
    clock.advanceMs(10);
    model.release(1);
    const r = await second;
    expect(r.computeMs).toBe(1);
    expect(r.queueMs).toBeCloseTo(49, 9); // 50 ms on the clock, 1 ms of it kernel
    await first;
  });
});
