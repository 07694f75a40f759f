import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';
// @ts-expect-error plain JS module without types
import { readWeights, referenceForecast } from '../neural/reference_mlp.mjs';

// Expected values: the independent float64 forward pass (tests/neural/reference_mlp.mjs) on the
// same window, mapped to the close level by the lognormal formulas of docs/neural.md by hand here.
const ref = readWeights(join(packageRoot(), 'models/nbeats/1.0.0'));
const L: number = ref.net.windowBars;
const Z = { 0.8: 1.2815515655446004, 0.95: 1.959963984540054 };

const rows = readFileSync(join(packageRoot(), 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const closesOf = (t: string) => rows.filter((r) => r[0] === t).map((r) => Number(r[2]));
const windowOf = (p: number[]) => p.slice(-L).map((v, i) => 100 * Math.log(v / p[p.length - L - 1 + i]));

function expectRel(actual: number, expected: number, tol = 1e-5) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

describe('neural model over gRPC', () => {
  it('Forecast: lognormal close forecasts from one forward pass match the float64 reference; version and backend reported', async () => {
    const tickers = ['AA', 'IBM', 'MSFT'];
    const res = await ts.client.forecast({
      series: tickers.map((t) => ({ ticker: t, close: closesOf(t) })),
      models: [{ name: 'neural' }, { name: 'random_walk' }],
      horizonBars: 5,
      levels: [0.8, 0.95],
    });
    const neural = res.forecasts.filter((f: { model: string }) => f.model === 'neural');
    expect(neural).toHaveLength(3);
    neural.forEach((f: any, i: number) => {
      expect(f.status).toBe('OK');
      expect(f.target).toBe('close');
      expect(f.modelVersion).toBe('nbeats@1.0.0');
      expect(f.backend).toMatch(/^tfjs-wasm/);
      const p = closesOf(tickers[i]);
      const last = p[p.length - 1];
      const r = referenceForecast(ref, windowOf(p));
      let v = 0;
      for (let k = 0; k < 5; k++) {
        const mu = r.cumPct[k] / 100;
        v += r.stepVarPct2[k] / 1e4;
        expectRel(f.mean[k], last * Math.exp(mu + v / 2));
        expectRel(f.variance[k], last * last * Math.exp(2 * mu + v) * (Math.exp(v) - 1), 1e-4);
        for (const [j, level] of [0.8, 0.95].entries()) {
          expect(f.intervals[j].level).toBe(level);
          expectRel(f.intervals[j].lower[k], last * Math.exp(mu - Z[level as 0.8] * Math.sqrt(v)));
          expectRel(f.intervals[j].upper[k], last * Math.exp(mu + Z[level as 0.8] * Math.sqrt(v)));
        }
      }
      expectRel(f.params.sigma2, r.stepVarPct2[0], 1e-4);
    });
    const rw = res.forecasts.find((f: any) => f.model === 'random_walk');
    expect(rw.status).toBe('OK');
    expect(rw.modelVersion).toBe('');
  });

  it('a series sent as returns gets per-step return forecasts (Gaussian); short series and long horizons are per-ticker errors', async () => {
    const ret = windowOf(closesOf('KO'));
    const res = await ts.client.forecast({
      series: [
        { ticker: 'KO', ret },
        { ticker: 'SHORT', close: syntheticCloses(L) },
      ],
      models: [{ name: 'neural' }],
      horizonBars: 3,
      levels: [0.95],
    });
    const [ko, short] = res.forecasts;
    expect(ko.status).toBe('OK');
    expect(ko.target).toBe('ret');
    const r = referenceForecast(ref, ret);
    for (let k = 0; k < 3; k++) {
      expect(ko.mean[k]).toBeCloseTo(r.cumPct[k] - (k > 0 ? r.cumPct[k - 1] : 0), 4);
      expectRel(ko.variance[k], r.stepVarPct2[k], 1e-4);
      expect(ko.intervals[0].upper[k]).toBeCloseTo(ko.mean[k] + Z[0.95] * Math.sqrt(ko.variance[k]), 9);
    }
    expect(short.status).toBe('ERROR');
    expect(short.errorCode).toBe('FAILED_PRECONDITION');
    expect(short.error).toContain(`at least ${L + 1} prices`);

    const long = await ts.client.forecast({ series: [{ ticker: 'KO', ret }], models: [{ name: 'neural' }], horizonBars: ref.net.horizonBars + 1 });
    expect(long.forecasts[0].errorCode).toBe('INVALID_ARGUMENT');
    expect(long.forecasts[0].error).toContain(`at most ${ref.net.horizonBars} steps`);
  });

  it('ForecastStream: neural entries carry the model version', async () => {
    const call = ts.client.raw.ForecastStream();
    const got: any[] = [];
    await new Promise<void>((done, fail) => {
      call.on('data', (f: any) => got.push(f));
      call.on('end', done);
      call.on('error', fail);
      call.write({ series: [{ ticker: 'GE', close: closesOf('GE') }], models: [{ name: 'neural' }], horizonBars: 2 });
      call.end();
    });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ ticker: 'GE', model: 'neural', status: 'OK', modelVersion: 'nbeats@1.0.0' });
  });

  it('GetCapabilities reports the neural backend in use; /readyz is ready and not degraded', async () => {
    const caps = await ts.client.capabilities();
    expect(caps.neural).toMatchObject({ state: 'ready', modelVersion: 'nbeats@1.0.0' });
    expect(caps.neural.backend).toMatch(/^tfjs-wasm/);
    expect(caps.neural.backendsSkipped.join(' ')).toContain('@tensorflow/tfjs-node-gpu');
    const m = caps.models.find((x: any) => x.name === 'neural');
    expect(m).toMatchObject({ family: 'neural', target: 'level', minPoints: L + 1 });
    const ready = await fetch(`http://127.0.0.1:${ts.server.httpPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reasons: [], degraded: [] });
  });
});

describe('neural model with a bad artifact', () => {
  it('the statistical models keep serving, neural tickers are UNAVAILABLE, /readyz is ready but degraded', async () => {
    const bad = await startTestServer({ neural: { artifact: '/nonexistent/nbeats/9.9.9' } });
    try {
      const res = await bad.client.forecast({
        series: [{ ticker: 'M', close: syntheticCloses(100) }],
        models: [{ name: 'random_walk' }, { name: 'neural' }],
        horizonBars: 2,
      });
      const [rw, nn] = res.forecasts;
      expect(rw.status).toBe('OK');
      expect(rw.mean[0]).toBe(syntheticCloses(100)[99]);
      expect(nn.status).toBe('ERROR');
      expect(nn.errorCode).toBe('UNAVAILABLE');
      expect(nn.error).toContain('/nonexistent/nbeats/9.9.9');
      const body = await (await fetch(`http://127.0.0.1:${bad.server.httpPort}/readyz`)).json();
      expect(body.ready).toBe(true);
      expect(body.degraded[0]).toMatch(/^neural: .*nonexistent/);
      const caps = await bad.client.capabilities();
      expect(caps.neural.state).toBe('failed');
    } finally {
      await bad.stop();
    }
  });
});

describe('readiness waits for the neural warm-up', () => {
  it('/readyz answers 503 "neural: warming up" until every bucket has run, then 200', async () => {
    const { createServer } = await import('node:net');
    const { loadConfig } = await import('../../src/config/load.js');
    const { startServer } = await import('../../src/server/server.js');
    const { createLogger } = await import('../../src/obs/logger.js');
    const httpPort = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => ok(port));
      });
    });
    // One large bucket makes the warm-up long enough (seconds) to be seen from outside.
    const cfg = loadConfig({ env: {}, overrides: { server: { port: 0 }, http: { port: httpPort }, log: { level: 'silent' }, neural: { batchBuckets: [32768] } } });
    let settled = false;
    const starting = startServer(cfg, createLogger('silent')).finally(() => (settled = true));
    const seen: { status: number; reasons: string[] }[] = [];
    while (!settled) {
      try {
        const res = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
        const body = await res.json();
        if (!settled) seen.push({ status: res.status, reasons: body.reasons });
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const server = await starting;
    try {
      expect(seen.length).toBeGreaterThan(0);
      for (const s of seen) {
        expect(s.status).toBe(503);
        expect(s.reasons).toContain('neural: warming up');
      }
      expect((await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status).toBe(200);
    } finally {
      await server.shutdown(1000);
    }
  });
});
