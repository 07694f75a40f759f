// A preprocessing worker killed mid-task (faults.preprocess mode crash), through the real server.
// Expected values: a random_walk forecast is the last close sent (its definition), so the tickers
// the crash did not touch are checked against the request itself; the crashed ones must read
// UNAVAILABLE. Which tasks crash is counted by hand: everyN 1 with maxFaults 2 kills the first two
// worker tasks the pool submits, in submission order (chunk order within a request).
import { status } from '@grpc/grpc-js';
import { Float64, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/compute/faults.js';
import { FaultLog } from '../../src/obs/fault_log.js';
import { PoolError } from '../../src/preprocess/errors.js';
import { PreprocessPool } from '../../src/preprocess/pool.js';
import { grpcCode, grpcDetails, startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';
import { DEFAULTS, raw } from '../preprocess/helpers.js';

const crash = (maxFaults: number) => new FaultInjector<'crash'>({ mode: 'crash', everyN: 1, probability: 1, seed: 1, maxFaults });
const LIMITS = { maxPointsPerSeries: 10_000 };

describe('PreprocessPool with a worker killed mid-task', () => {
  const faultLog = new FaultLog(60_000);
  const pool = new PreprocessPool({ threads: 2, maxQueue: 16, chunkTickers: 2, faults: crash(3), faultLog });
  afterAll(() => pool.close());
  const series = ['A', 'B', 'C', 'D'].map((t, i) => raw(t, { t: [1, 2, 3], close: [10 + i, 11 + i, 12 + i] }));

  it('a request whose only task crashed is UNAVAILABLE; one of two chunks crashed fails only its tickers', async () => {
    await expect(pool.prepare({ kind: 'messages', series: series.slice(0, 2), policy: DEFAULTS, limits: LIMITS })).rejects.toSatisfy(
      (e: unknown) => e instanceof PoolError && e.code === 'UNAVAILABLE' && /worker crashed/.test(e.message),
    );
    await expect(pool.prepare({ kind: 'messages', series: series.slice(0, 2), policy: DEFAULTS, limits: LIMITS })).rejects.toThrow(/worker crashed/);
    // Two chunks [A, B] and [C, D]: the injector has one fault left, for the first of them.
    const got = await pool.prepare({ kind: 'messages', series, policy: DEFAULTS, limits: LIMITS });
    expect(got.invalid).toEqual([]);
    expect(got.batch.errors.map((e) => e?.code ?? 'OK')).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK', 'OK']);
    // C and D as sent: closes 12, 13, 14 and 13, 14, 15.
    expect(Array.from(got.batch.level)).toEqual([12, 13, 14, 13, 14, 15]);
    expect(faultLog.total('worker_crash')).toBe(3);
  });

  it('the pool recovers: the replaced workers take the next requests, none outstanding', async () => {
    const got = await pool.prepare({ kind: 'messages', series, policy: DEFAULTS, limits: LIMITS });
    expect(got.batch.errors).toEqual([null, null, null, null]);
    expect(pool.outstandingTasks).toBe(0);
    expect(faultLog.total('worker_crash')).toBe(3);
  });

  it('an Arrow request whose worker crashed is UNAVAILABLE (nothing of it was decoded)', async () => {
    const arrowPool = new PreprocessPool({ threads: 1, maxQueue: 4, faults: crash(1) });
    try {
      const bytes = tableToIPC(new Table({ ticker: vectorFromArray(['A', 'A'], new Utf8()), close: vectorFromArray([1, 2], new Float64()) }), 'stream');
      await expect(arrowPool.prepare({ kind: 'arrow', bytes, policy: DEFAULTS, limits: LIMITS })).rejects.toSatisfy((e: unknown) => (e as PoolError).code === 'UNAVAILABLE');
      const ok = await arrowPool.prepare({ kind: 'arrow', bytes, policy: DEFAULTS, limits: LIMITS });
      expect([ok.invalid, ok.batch.tickers]).toEqual([[], ['A']]);
    } finally {
      await arrowPool.close();
    }
  });
});

describe('a crashed worker behind the real server', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({
      preprocess: { inlineMaxValues: 0, chunkTickers: 2 },
      faults: { preprocess: { mode: 'crash', everyN: 1, maxFaults: 2 } },
    });
  });
  afterAll(() => ts.stop());
  const closes = (k: number) => syntheticCloses(50, k + 1);
  const req = (tickers: string[]) => ({
    series: tickers.map((ticker, k) => ({ ticker, close: closes(k) })),
    models: [{ name: 'random_walk' }],
    horizonBars: 1,
  });

  it('fails the call UNAVAILABLE when its only task crashed, then only the crashed chunk, then nothing', async () => {
    const err = await ts.client.forecast(req(['A'])).catch((e: unknown) => e);
    expect(grpcCode(err)).toBe(status.UNAVAILABLE);
    expect(grpcDetails(err)).toMatch(/worker crashed.*retry/);

    const res = await ts.client.forecast(req(['A', 'B', 'C', 'D']));
    expect(res.forecasts.map((f: any) => f.errorCode || f.status)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'OK', 'OK']);
    expect(res.forecasts[2].mean).toEqual([closes(2)[49]]);
    expect(res.forecasts[3].mean).toEqual([closes(3)[49]]);

    const after = await ts.client.forecast(req(['A', 'B', 'C', 'D']));
    expect(after.forecasts.map((f: any) => f.mean[0])).toEqual([0, 1, 2, 3].map((k) => closes(k)[49]));
  });

  it('/readyz stays ready and names the contained crashes as degraded; /metrics counts them', async () => {
    const res = await fetch(`http://127.0.0.1:${ts.server.httpPort}/readyz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ready).toBe(true);
    expect(body.degraded.join('\n')).toMatch(/^2 preprocessing worker crash\(es\).*UNAVAILABLE in the last 60 s$/m);
    const metric = await ts.server.metrics.registry.getSingleMetric('tensorcast_faults_contained_total')!.get();
    expect(metric.values.find((v) => v.labels.kind === 'worker_crash')?.value).toBe(2);
  });
});
