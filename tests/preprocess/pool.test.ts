// Needs the compiled worker (dist/preprocess/worker.js): tests run after `npm run build:ts`.
import { Dictionary, Float64, Int32, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { PreparedBatch, RawSeries } from '../../src/core/series.js';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { PoolError } from '../../src/preprocess/errors.js';
import { PreprocessPool } from '../../src/preprocess/pool.js';
import { DEFAULTS, expectSameBytes, policy, raw } from './helpers.js';

const LIMITS = { maxPointsPerSeries: 10_000 };

/** Series of very different lengths so that slices finish out of order. */
function manySeries(count: number): RawSeries[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i % 7 === 0 ? 5000 : 3 + (i % 5);
    const t = Array.from({ length: n }, (_, k) => k * 1000);
    const close = Array.from({ length: n }, (_, k) => 100 + Math.sin(i + k) * 10);
    return raw(`T${String(i).padStart(3, '0')}`, { t, close });
  });
}

function expectSameBatch(a: PreparedBatch, b: PreparedBatch): void {
  expect([a.tickers, a.errors, a.levelKind, a.returnsKind]).toEqual([b.tickers, b.errors, b.levelKind, b.returnsKind]);
  for (const key of ['level', 'levelOffsets', 'returns', 'returnOffsets', 'firstMs', 'lastMs', 'dropped'] as const) {
    expect(expectSameBytes(a[key], b[key]), key).toBe(true);
  }
}

describe('PreprocessPool', () => {
  const pool = new PreprocessPool({ threads: 2, maxQueue: 64, chunkTickers: 4 });
  afterAll(() => pool.close());

  it('a request split across workers comes back in request order, equal to the single-threaded result', async () => {
    const series = manySeries(45); // 12 tasks of 3–4 tickers on 2 threads
    const expected = prepareBatch(series, DEFAULTS, LIMITS);
    const runs = await Promise.all([1, 2, 3].map(() => pool.prepare({ kind: 'messages', series, policy: DEFAULTS, limits: LIMITS })));
    for (const got of runs) {
      expect(got.invalid).toEqual([]);
      expectSameBatch(got.batch, expected.batch);
    }
    expect(pool.outstandingTasks).toBe(0);
    // The caller's arrays are cloned, not transferred: still readable after the call.
    expect(series[0].columns.close!.length).toBe(5000);
  });

  it('problems in different slices, and a duplicate ticker across slices, read as in one pass', async () => {
    const series = manySeries(20);
    series[3] = raw('T003', { t: [1, 2], close: [1, NaN] }); // NaN under reject, slice 0
    series[13] = raw('T001', { t: [1, 2], close: [1, 2] }); // duplicate of series[1], slice 3
    series[17] = raw('NEG', { t: [1, 2], close: [1, -2] }); // per-ticker error, slice 4
    const expected = prepareBatch(series, DEFAULTS, LIMITS);
    const got = await pool.prepare({ kind: 'messages', series, policy: DEFAULTS, limits: LIMITS });
    expect(got.invalid).toEqual([
      'series[3] (T003) close[1]: NaN (missing_policy=reject)',
      'series[13] (T001): duplicate ticker, also series[1]',
    ]);
    expect(got.invalid).toEqual(expected.invalid);
    expectSameBatch(got.batch, expected.batch);
    expect(got.batch.errors[17]?.message).toBe('close[1] = -2: prices must be > 0 to form returns');
  });

  it('Arrow bytes are decoded in the worker; corrupt bytes come back as invalid, not as a rejection', async () => {
    const table = new Table({
      ticker: vectorFromArray(['A', 'B', 'A'], new Dictionary(new Utf8(), new Int32())),
      timestamp: vectorFromArray([1, 1, 2], new TimestampMillisecond()),
      close: vectorFromArray([1, 2, null], new Float64()),
    });
    const bytes = tableToIPC(table, 'stream');
    const ok = await pool.prepare({ kind: 'arrow', bytes, policy: policy({ missing: 'ffill' }), limits: LIMITS });
    expect(ok.invalid).toEqual([]);
    expect(ok.batch.tickers).toEqual(['A', 'B']);
    expect(Array.from(ok.batch.level)).toEqual([1, 1, 2]);
    expect(ok.decodeMs).toBeGreaterThan(0);
    expect(bytes.byteLength).toBeGreaterThan(0); // not detached

    const bad = await pool.prepare({ kind: 'arrow', bytes: bytes.subarray(0, 100), policy: DEFAULTS, limits: LIMITS });
    expect(bad.invalid).toHaveLength(1);
    expect(bad.invalid[0]).toMatch(/^arrow_ipc: /);
    expect(bad.batch.tickers).toEqual([]);
  });

  it('an empty request is invalid, not an error', async () => {
    const got = await pool.prepare({ kind: 'messages', series: [], policy: DEFAULTS, limits: LIMITS });
    expect(got.invalid).toEqual(['no series (send series or arrow_ipc)']);
  });
});

describe('PreprocessPool admission', () => {
  it('refuses a request with RESOURCE_EXHAUSTED when the queue is full, and recovers', async () => {
    // threads 1 + maxQueue 1: room for two outstanding tasks.
    const pool = new PreprocessPool({ threads: 1, maxQueue: 1, chunkTickers: 1000 });
    try {
      const task = { kind: 'messages' as const, series: manySeries(8), policy: DEFAULTS, limits: LIMITS };
      // All three are submitted in the same tick, so the outcome does not depend on timing.
      const results = await Promise.allSettled([pool.prepare(task), pool.prepare(task), pool.prepare(task)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const err = (results[2] as PromiseRejectedResult).reason as PoolError;
      expect(err).toBeInstanceOf(PoolError);
      expect(err.code).toBe('RESOURCE_EXHAUSTED');
      expect(err.message).toMatch(/queue is full/);
      expect(pool.outstandingTasks).toBe(0);
      await expect(pool.prepare(task)).resolves.toMatchObject({ invalid: [] });
    } finally {
      await pool.close();
    }
  });

  it('a request needing more tasks than the pool holds is refused whole', async () => {
    const pool = new PreprocessPool({ threads: 1, maxQueue: 1, chunkTickers: 2 });
    try {
      const task = { kind: 'messages' as const, series: manySeries(6), policy: DEFAULTS, limits: LIMITS }; // 3 tasks
      await expect(pool.prepare(task)).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
      expect(pool.outstandingTasks).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('a closed pool answers UNAVAILABLE', async () => {
    const pool = new PreprocessPool({ threads: 1, maxQueue: 0 });
    await pool.close();
    await expect(pool.prepare({ kind: 'messages', series: [], policy: DEFAULTS, limits: LIMITS })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('bad options are refused at construction', () => {
    expect(() => new PreprocessPool({ threads: 0, maxQueue: 1 })).toThrow(/threads must be an integer >= 1/);
    expect(() => new PreprocessPool({ threads: 1, maxQueue: 1, workerFile: '/nonexistent/worker.js' })).toThrow(/not found/);
  });
});

describe('PreprocessPool inline path (preprocess.inlineMaxValues)', () => {
  it('a request of at most inlineMaxValues values runs on the calling thread, a larger one on a worker, with equal results', async () => {
    const pool = new PreprocessPool({ threads: 1, maxQueue: 4, inlineMaxValues: 40 });
    try {
      // 2 series x 10 rows x (timestamp + close) = 40 values: inline; one more row each: a worker.
      const rows = (n: number) => ({ t: Array.from({ length: n }, (_, k) => k * 1000), close: Array.from({ length: n }, (_, k) => 100 + k) });
      const small = [raw('A', rows(10)), raw('B', rows(10))];
      const large = [raw('A', rows(11)), raw('B', rows(11))];
      for (const [series, expectedTasks] of [[small, 0], [large, 1]] as const) {
        const pending = pool.prepare({ kind: 'messages', series: [...series], policy: DEFAULTS, limits: LIMITS });
        expect(pool.outstandingTasks).toBe(expectedTasks);
        const got = await pending;
        expectSameBatch(got.batch, prepareBatch(series, DEFAULTS, LIMITS).batch);
      }
      // Problems read the same inline: the message names field, index and ticker.
      const bad = await pool.prepare({ kind: 'messages', series: [raw('X', { t: [1, 2], close: [1, NaN] })], policy: DEFAULTS, limits: LIMITS });
      expect(bad.invalid).toEqual(['series[0] (X) close[1]: NaN (missing_policy=reject)']);
      expect(small[0].columns.close![9]).toBe(109); // the caller's arrays are left as they were
    } finally {
      await pool.close();
    }
  });
});
