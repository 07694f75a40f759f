// The batcher behind the real gRPC server: coalescing observed through the Prometheus counters,
// results compared with a server that runs every call on its own (batching.enabled: false), which
// is the independent reference. Formation is made deterministic by turning off dispatch-when-idle
// and using a long queue delay: a batch goes exactly when it is full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, status } from '@grpc/grpc-js';
import { dowSeries, grpcCode, startTestServer, type TestServer } from '../helpers/server.js';

// These tests compare executors call by call; the fitted-state cache would serve repeats without a kernel call.
const NO_CACHE = { enabled: false };

const SERIES = dowSeries(8, 600);
const MODELS = [{ name: 'garch' }, { name: 'ewma' }];
const request = (i: number, extra: object = {}) => ({ requestId: `r${i}`, series: [SERIES[i % SERIES.length]], models: MODELS, horizonBars: 5, ...extra });

const collect = (ts: TestServer) => async (name: string, labels: Record<string, string> = {}) => {
  const metric = await ts.server.metrics.registry.getSingleMetric(name)!.get();
  return metric.values
    .filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x) && !('le' in v.labels))
    .reduce((a, v) => a + v.value, 0);
};

const strip = (fs: Record<string, unknown>[]) => fs.map(({ requestId: _r, ...rest }) => rest);

let off: TestServer;
let on: TestServer;
beforeAll(async () => {
  off = await startTestServer({ cache: NO_CACHE, batching: { enabled: false } });
  on = await startTestServer({ cache: NO_CACHE, batching: { maxBatchSeries: 8, dispatchWhenIdle: false, maxQueueDelayUs: 10_000_000 } });
});
afterAll(async () => {
  await Promise.all([off.stop(), on.stop()]);
});

function openStream(ts: TestServer) {
  const call = ts.client.raw.ForecastStream({ deadline: Date.now() + 60_000 });
  const got: Record<string, unknown>[] = [];
  call.on('data', (f: Record<string, unknown>) => got.push(f));
  const done = new Promise<void>((ok, fail) => {
    call.on('end', ok);
    call.on('error', fail);
  });
  return { call, got, done };
}

describe('through the gRPC server', () => {
  it('8 concurrent single-ticker calls make one kernel call per model, with the numbers of unbatched execution', async () => {
    const metric = collect(on);
    const before = { garch: await metric('tensorcast_batch_executions_total', { model: 'garch' }), ewma: await metric('tensorcast_batch_executions_total', { model: 'ewma' }) };
    const batched = await Promise.all(SERIES.map((_, i) => on.client.forecast(request(i))));
    const alone = await Promise.all(SERIES.map((_, i) => off.client.forecast(request(i))));
    expect((await metric('tensorcast_batch_executions_total', { model: 'garch' })) - before.garch).toBe(1);
    expect((await metric('tensorcast_batch_executions_total', { model: 'ewma' })) - before.ewma).toBe(1);
    for (let i = 0; i < SERIES.length; i++) {
      expect(batched[i].forecasts.map((f: { status: string }) => f.status)).toEqual(['OK', 'OK']);
      // toEqual compares numbers with Object.is: bit-identical, not merely close
      expect(strip(batched[i].forecasts)).toEqual(strip(alone[i].forecasts));
      expect(batched[i].timing.computeMs).toBeGreaterThan(0);
    }
  });

  it('stream pushes and unary calls share batches', async () => {
    const metric = collect(on);
    const before = await metric('tensorcast_batch_executions_total', { model: 'ewma' });
    const stream = openStream(on);
    for (let i = 0; i < 4; i++) stream.call.write({ ...request(i), models: [{ name: 'ewma' }] });
    const unary = Promise.all([4, 5, 6, 7].map((i) => on.client.forecast({ ...request(i), models: [{ name: 'ewma' }] })));
    const unaryRes = await unary; // the batch of 8 (4 pushed + 4 unary) is full only with both kinds
    stream.call.end();
    await stream.done;
    expect((await metric('tensorcast_batch_executions_total', { model: 'ewma' })) - before).toBe(1);
    const ref = await off.client.forecast({ series: SERIES, models: [{ name: 'ewma' }], horizonBars: 5 });
    const byTicker = new Map(ref.forecasts.map((f: { ticker: string }) => [f.ticker, f]));
    for (const f of [...stream.got, ...unaryRes.flatMap((r) => r.forecasts)]) {
      const { requestId: _a, ...mine } = f as Record<string, unknown>;
      const { requestId: _b, ...theirs } = byTicker.get(f.ticker as string) as Record<string, unknown>;
      expect(mine).toEqual(theirs);
    }
    expect(stream.got.length).toBe(4);
  });

  it("a call whose deadline passes while queued gets DEADLINE_EXCEEDED and its work is dropped", async () => {
    const metric = collect(on);
    const runs = await metric('tensorcast_batch_executions_total');
    const err = await on.client.forecast(request(0, { models: [{ name: 'ewma' }] }), 200).then(() => null, (e) => e);
    expect(grpcCode(err)).toBe(status.DEADLINE_EXCEEDED);
    await expect.poll(() => metric('tensorcast_batch_rejections_total', { reason: 'deadline_queued' })).toBeGreaterThanOrEqual(1);
    expect(await metric('tensorcast_batch_executions_total')).toBe(runs);
    expect(await metric('tensorcast_batch_pending_jobs')).toBe(0);
  });

  it('a cancelled call removes its queued work', async () => {
    const metric = collect(on);
    const runs = await metric('tensorcast_batch_executions_total');
    const cancelled = await metric('tensorcast_batch_rejections_total', { reason: 'cancelled' });
    const call = on.client.raw.Forecast(request(1, { models: [{ name: 'ewma' }] }), { deadline: Date.now() + 60_000 }, () => {});
    await expect.poll(() => metric('tensorcast_batch_pending_jobs', { model: 'ewma' })).toBe(1);
    call.cancel();
    await expect.poll(() => metric('tensorcast_batch_rejections_total', { reason: 'cancelled' })).toBe(cancelled + 1);
    expect(await metric('tensorcast_batch_pending_jobs', { model: 'ewma' })).toBe(0);
    expect(await metric('tensorcast_batch_executions_total')).toBe(runs);
  });

  it('accepts the priority field', async () => {
    const a = await off.client.forecast(request(2, { priority: 'PRIORITY_BULK' }));
    expect(a.forecasts[0].status).toBe('OK');
  });
});

describe('queue full', () => {
  it('answers RESOURCE_EXHAUSTED at once with a retry-after-ms trailer', async () => {
    const small = await startTestServer({ cache: NO_CACHE, batching: { maxQueuedSeries: 2, dispatchWhenIdle: false, maxQueueDelayUs: 10_000_000 } });
    try {
      const r = { ...request(0), models: [{ name: 'ewma' }] };
      // Generous deadline and wait: on a loaded 2-core box a fresh server's first calls (worker
      // start-up) can take over a second to reach the queue; nothing here measures time.
      const held = [small.client.forecast(r, 5000), small.client.forecast({ ...r, requestId: 'b' }, 5000)].map((p) => p.catch((e) => e));
      const metric = collect(small);
      await expect.poll(() => metric('tensorcast_batch_pending_jobs', { model: 'ewma' }), { timeout: 4000 }).toBe(2);
      let trailers: Metadata | undefined;
      const err = await new Promise<unknown>((ok) => {
        const call = small.client.raw.Forecast({ ...r, requestId: 'c' }, { deadline: Date.now() + 60_000 }, (e: unknown) => ok(e));
        call.on('status', (s: { metadata: Metadata }) => (trailers = s.metadata));
      });
      expect(grpcCode(err)).toBe(status.RESOURCE_EXHAUSTED);
      await expect.poll(() => trailers !== undefined).toBe(true);
      expect(Number(trailers!.get('retry-after-ms')[0])).toBeGreaterThan(0);
      expect(await metric('tensorcast_batch_rejections_total', { reason: 'queue_series' })).toBe(1);
      for (const e of await Promise.all(held)) expect(grpcCode(e)).toBe(status.DEADLINE_EXCEEDED);
    } finally {
      await small.stop();
    }
  });
});
