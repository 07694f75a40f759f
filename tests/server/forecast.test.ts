import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import { tableFromArrays, tableToIPC, vectorFromArray, Table, Utf8, Float64, TimestampMillisecond } from 'apache-arrow';
import { dailyTimestamps, grpcCode, grpcDetails, startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ limits: { maxTickers: 50, maxPointsPerSeries: 100000, maxHorizonBars: 100, maxLevels: 8, maxModelsPerRequest: 8 } });
});
afterAll(async () => {
  await ts.stop();
});

const z975 = 1.959963984540054; // Φ⁻¹(0.975), from tables
const z90 = 1.2815515655446004; // Φ⁻¹(0.9)

function req(series: object[], models: object[] = [{ name: 'random_walk' }], extra: object = {}) {
  return { series, models, horizonBars: 3, levels: [0.8, 0.95], ...extra };
}

async function expectInvalid(request: object, pattern: RegExp) {
  const err = await ts.client.forecast(request).then(
    () => null,
    (e) => e,
  );
  expect(err, 'expected INVALID_ARGUMENT').not.toBeNull();
  expect(grpcCode(err)).toBe(status.INVALID_ARGUMENT);
  expect(grpcDetails(err)).toMatch(pattern);
}

describe('Forecast values against closed forms', () => {
  it('random walk: last value, variance h·mean(Δy²), Gaussian intervals', async () => {
    const close = [10, 11, 10.5, 12, 11];
    const res = await ts.client.forecast(req([{ ticker: 'A', timestampsMs: dailyTimestamps(5), close }]));
    const f = res.forecasts[0];
    expect(f.status).toBe('OK');
    // Δy = 1, -0.5, 1.5, -1 → mean square = (1 + 0.25 + 2.25 + 1)/4 = 1.125 (hand calculation)
    expect(f.mean).toEqual([11, 11, 11]);
    for (let h = 1; h <= 3; h++) expect(f.variance[h - 1]).toBeCloseTo(1.125 * h, 12);
    const i95 = f.intervals.find((i: { level: number }) => i.level === 0.95);
    const i80 = f.intervals.find((i: { level: number }) => i.level === 0.8);
    expect(i95.upper[1]).toBeCloseTo(11 + z975 * Math.sqrt(2.25), 10);
    expect(i95.lower[2]).toBeCloseTo(11 - z975 * Math.sqrt(3.375), 10);
    expect(i80.upper[0]).toBeCloseTo(11 + z90 * Math.sqrt(1.125), 10);
    expect(f.target).toBe('close');
    expect(f.dataRange.points).toBe(5);
    expect(f.params.sigma2).toBeCloseTo(1.125, 12);
  });

  it('ewma: RiskMetrics recursion on log returns × 100, written out by hand', async () => {
    const close = [100, 101, 99, 100, 102];
    const r = [1, 2, 3, 4].map((i) => 100 * Math.log(close[i] / close[i - 1]));
    const lambda = 0.94;
    let s2 = r.reduce((a, x) => a + x * x, 0) / r.length; // seed: mean square of the sample
    s2 = lambda * s2 + (1 - lambda) * r[0] ** 2;
    s2 = lambda * s2 + (1 - lambda) * r[1] ** 2;
    s2 = lambda * s2 + (1 - lambda) * r[2] ** 2;
    s2 = lambda * s2 + (1 - lambda) * r[3] ** 2;
    const res = await ts.client.forecast(req([{ ticker: 'E', timestampsMs: dailyTimestamps(5), close }], [{ name: 'ewma' }]));
    const f = res.forecasts[0];
    expect(f.status).toBe('OK');
    expect(f.target).toBe('log_return_pct');
    expect(f.mean).toEqual([0, 0, 0]);
    for (const v of f.variance) expect(v).toBeCloseTo(s2, 12);
    expect(f.params.lambda).toBe(0.94);
  });

  it('several models at once: ticker order, then model order', async () => {
    const res = await ts.client.forecast(
      req(
        [
          { ticker: 'X', close: syntheticCloses(30, 1) },
          { ticker: 'Y', close: syntheticCloses(30, 2) },
        ],
        [{ name: 'random_walk' }, { name: 'drift' }, { name: 'seasonal_naive', period: 5 }],
      ),
    );
    expect(res.forecasts.map((f: { ticker: string; model: string }) => `${f.ticker}/${f.model}`)).toEqual([
      'X/random_walk', 'X/drift', 'X/seasonal_naive', 'Y/random_walk', 'Y/drift', 'Y/seasonal_naive',
    ]);
    const y = syntheticCloses(30, 2);
    const drift = (y[29] - y[0]) / 29;
    expect(res.forecasts[4].mean[2]).toBeCloseTo(y[29] + 3 * drift, 10);
    // seasonal naive, m = 5: step k repeats y[n - m + (k-1) mod m]
    expect(res.forecasts[5].mean).toEqual([y[25], y[26], y[27]]);
    expect(res.backend).toBe('cpu');
    for (const k of ['decodeMs', 'preprocessMs', 'queueMs', 'computeMs', 'encodeMs', 'totalMs']) {
      expect(res.timing[k]).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('encodings', () => {
  it('repeated messages and Arrow IPC give bit-identical forecasts', async () => {
    const tickers = ['AA', 'BB', 'CC'];
    const n = 40;
    const rows = { ticker: [] as string[], timestamp: [] as number[], close: [] as (number | null)[] };
    const messages = tickers.map((t, k) => {
      const close = syntheticCloses(n, k + 3);
      const stamps = dailyTimestamps(n);
      rows.ticker.push(...close.map(() => t));
      rows.timestamp.push(...stamps);
      rows.close.push(...close);
      return { ticker: t, timestampsMs: stamps, close };
    });
    const table = new Table({
      ticker: vectorFromArray(rows.ticker, new Utf8()),
      timestamp: vectorFromArray(rows.timestamp.map((x) => x), new TimestampMillisecond()),
      close: vectorFromArray(rows.close, new Float64()),
    });
    const arrowIpc = tableToIPC(table, 'stream');
    const models = [{ name: 'random_walk' }, { name: 'drift' }, { name: 'ewma' }];
    const a = await ts.client.forecast({ series: messages, models, horizonBars: 5 });
    const b = await ts.client.forecast({ arrowIpc, models, horizonBars: 5 });
    const strip = (fs: Record<string, unknown>[]) => fs.map(({ requestId: _r, ...rest }) => rest);
    expect(strip(b.forecasts)).toEqual(strip(a.forecasts));
    // bit-identical, not merely close
    for (let i = 0; i < a.forecasts.length; i++) {
      expect(Object.is(a.forecasts[i].variance[4], b.forecasts[i].variance[4])).toBe(true);
    }
    void tableFromArrays;
  });
});

describe('INVALID_ARGUMENT at the edge', () => {
  const good = { ticker: 'OK', timestampsMs: dailyTimestamps(10), close: syntheticCloses(10) };

  it('NaN under missing_policy reject names series, ticker, field and index', async () => {
    const close = syntheticCloses(20);
    close[17] = NaN;
    const series = [good, { ...good, ticker: 'T2' }, { ticker: 'MSFT', timestampsMs: dailyTimestamps(20), close }];
    await expectInvalid(req(series), /series\[2\] \(MSFT\) close\[17\]: NaN/);
  });

  it('NaN is dropped or forward-filled under the other policies', async () => {
    const close = [10, 11, NaN, 12, 13];
    const drop = await ts.client.forecast(req([{ ticker: 'D', timestampsMs: dailyTimestamps(5), close }], [{ name: 'random_walk' }], { preprocess: { missingPolicy: 'MISSING_DROP' } }));
    expect(drop.forecasts[0].dataRange.points).toBe(4);
    // kept 10, 11, 12, 13: Δ = 1,1,1 → σ² = 1
    expect(drop.forecasts[0].variance[0]).toBeCloseTo(1, 12);
    const ffill = await ts.client.forecast(req([{ ticker: 'F', timestampsMs: dailyTimestamps(5), close }], [{ name: 'random_walk' }], { preprocess: { missingPolicy: 'MISSING_FFILL' } }));
    // 10, 11, 11, 12, 13: Δ = 1,0,1,1 → σ² = 3/4
    expect(ffill.forecasts[0].dataRange.points).toBe(5);
    expect(ffill.forecasts[0].variance[0]).toBeCloseTo(0.75, 12);
  });

  it('Infinity is always invalid', async () => {
    const close = syntheticCloses(10);
    close[3] = Infinity;
    await expectInvalid(req([{ ticker: 'INF', timestampsMs: dailyTimestamps(10), close }], undefined, { preprocess: { missingPolicy: 'MISSING_DROP' } }), /\(INF\) close\[3\]: Infinity/);
  });

  it('empty series', async () => {
    await expectInvalid(req([good, { ticker: 'EMPTY' }]), /series\[1\] \(EMPTY\).*empty/);
  });

  it('mismatched column lengths', async () => {
    await expectInvalid(req([{ ticker: 'MM', timestampsMs: dailyTimestamps(11), close: syntheticCloses(10) }]), /\(MM\) close.*10.*11/);
  });

  it('unsorted timestamps: sorted under order sort, rejected under order reject', async () => {
    const stamps = dailyTimestamps(6);
    const close = [1, 2, 3, 4, 5, 6];
    const shuffled = { ticker: 'U', timestampsMs: [stamps[0], stamps[2], stamps[1], stamps[3], stamps[5], stamps[4]], close: [1, 3, 2, 4, 6, 5] };
    const sorted = await ts.client.forecast(req([shuffled], [{ name: 'random_walk' }], { preprocess: { orderPolicy: 'ORDER_SORT' } }));
    expect(sorted.forecasts[0].mean[0]).toBe(6); // after sorting the last close is 6
    const inOrder = await ts.client.forecast(req([{ ticker: 'U', timestampsMs: stamps, close }]));
    expect(sorted.forecasts[0].variance).toEqual(inOrder.forecasts[0].variance);
    await expectInvalid(req([shuffled], [{ name: 'random_walk' }], { preprocess: { orderPolicy: 'ORDER_REJECT' } }), /\(U\) timestamps_ms\[2\]/);
  });

  it('duplicate timestamps: last kept under keep_last, rejected under reject', async () => {
    const s = dailyTimestamps(4);
    const dup = { ticker: 'DUP', timestampsMs: [s[0], s[1], s[1], s[2], s[3]], close: [10, 11, 99, 12, 13] };
    const kept = await ts.client.forecast(req([dup], [{ name: 'random_walk' }], { preprocess: { duplicatePolicy: 'DUPLICATE_KEEP_LAST' } }));
    // rows kept: 10, 99, 12, 13 → Δ = 89, -87, 1 → σ² = (7921 + 7569 + 1)/3
    expect(kept.forecasts[0].variance[0]).toBeCloseTo((7921 + 7569 + 1) / 3, 9);
    expect(kept.forecasts[0].dataRange.dropped).toBe(1);
    await expectInvalid(req([dup], [{ name: 'random_walk' }], { preprocess: { duplicatePolicy: 'DUPLICATE_REJECT' } }), /\(DUP\) timestamps_ms\[2\].*duplicate/);
  });

  it('unknown model', async () => {
    await expectInvalid(req([good], [{ name: 'prophet' }]), /models\[0\]\.name: unknown model "prophet"/);
  });

  it('seasonal_naive without a period', async () => {
    await expectInvalid(req([good], [{ name: 'seasonal_naive' }]), /models\[0\] \(seasonal_naive\) period/);
  });

  it('horizon ≤ 0 and over the limit', async () => {
    await expectInvalid(req([good], undefined, { horizonBars: 0 }), /horizon_bars: must be >= 1/);
    await expectInvalid(req([good], undefined, { horizonBars: -3 }), /horizon_bars/);
    await expectInvalid(req([good], undefined, { horizonBars: 101 }), /horizon_bars: must be <= limits.maxHorizonBars=100/);
  });

  it('levels outside (0,1)', async () => {
    await expectInvalid(req([good], undefined, { levels: [0.95, 1.5] }), /levels/);
  });

  it('too many tickers', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ticker: `T${i}`, close: [1, 2, 3] }));
    await expectInvalid(req(many), /more than limits.maxTickers=50/);
  });

  it('no data, or both encodings', async () => {
    await expectInvalid({ models: [{ name: 'random_walk' }], horizonBars: 1 }, /no data/);
    await expectInvalid({ series: [good], arrowIpc: Buffer.from([1, 2, 3]), models: [{ name: 'random_walk' }], horizonBars: 1 }, /not both/);
  });

  it('corrupt Arrow bytes', async () => {
    await expectInvalid({ arrowIpc: Buffer.from('not arrow at all'), models: [{ name: 'random_walk' }], horizonBars: 1 }, /arrow/i);
  });
});

describe('oversized message', () => {
  it('gets INVALID_ARGUMENT naming the limit, and the server keeps serving', async () => {
    const small = await startTestServer({ server: { maxMessageBytes: 4096 } });
    try {
      // ~4.8 kB of doubles: over the 4096-byte edge limit, under the transport's 2x hard stop.
      const big = req([{ ticker: 'BIG', close: syntheticCloses(600) }]);
      const err = await small.client.forecast(big).then(() => null, (e) => e);
      expect(grpcCode(err)).toBe(status.INVALID_ARGUMENT);
      expect(grpcDetails(err)).toMatch(/over server.maxMessageBytes=4096/);
      // over twice the limit the transport refuses it before decoding
      const huge = await small.client.forecast(req([{ ticker: 'HUGE', close: syntheticCloses(3000) }])).then(() => null, (e) => e);
      expect(grpcCode(huge)).toBe(status.RESOURCE_EXHAUSTED);
      const ok = await small.client.forecast(req([{ ticker: 'S', close: [1, 2, 3] }]));
      expect(ok.forecasts[0].status).toBe('OK');
    } finally {
      await small.stop();
    }
  });
});

describe('per-ticker error isolation', () => {
  it('a too-short or non-positive series fails alone; the others succeed', async () => {
    const res = await ts.client.forecast(
      req(
        [
          { ticker: 'GOOD', close: syntheticCloses(50) },
          { ticker: 'SHORT', close: [5] },
          { ticker: 'NEG', close: [5, -1, 6, 7] },
          { ticker: 'GOOD2', close: syntheticCloses(50, 4) },
        ],
        [{ name: 'random_walk' }, { name: 'ewma' }],
      ),
    );
    const by = (t: string, m: string) => res.forecasts.find((f: { ticker: string; model: string }) => f.ticker === t && f.model === m);
    expect(by('GOOD', 'random_walk').status).toBe('OK');
    expect(by('GOOD2', 'ewma').status).toBe('OK');
    expect(by('SHORT', 'random_walk').status).toBe('ERROR');
    expect(by('SHORT', 'random_walk').error).toMatch(/at least 2 points, got 1/);
    expect(by('NEG', 'ewma').status).toBe('ERROR');
    expect(by('NEG', 'ewma').error).toMatch(/close\[1\].*> 0/);
    for (const f of res.forecasts) {
      for (const x of [...f.mean, ...f.variance]) expect(Number.isFinite(x)).toBe(true);
    }
  });
});
