import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dowSeries, startTestServer, type TestServer } from '../helpers/server.js';

// Independent expectations: the GARCH(1,1) one-step recursion sigma2_{T+2} = omega + alpha eps_{T+1}^2 + beta sigma2_{T+1},
// evaluated by hand from the first response's parameters and one-step variance.
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

const series = dowSeries(3, 1500);
const garch = { name: 'garch', noFallback: true };
const ask = (s: { ticker: string; close: number[] }[], model: object = garch) =>
  ts.client.forecast({ series: s, models: [model], horizonBars: 3, levels: [0.9] }).then((r: any) => r.forecasts);

describe('fitted-state cache over gRPC', () => {
  it('fits cold, then serves a one-bar extension from the cached state (GARCH(1,1) recursion by hand)', async () => {
    const base = series.map((s) => ({ ticker: s.ticker, close: s.close.slice(0, -1) }));
    const first = await ask(base);
    for (const f of first) {
      expect(f.status).toBe('OK');
      expect(f.cache.path).toBe('cold');
    }
    const next = await ask(series);
    next.forEach((f: any, i: number) => {
      expect(f.cache.path).toBe('incremental');
      expect(f.cache.barsSinceFit).toBe(1);
      const { mu, omega, alpha1, beta1 } = first[i].params;
      expect(f.params).toEqual(first[i].params);
      const c = series[i].close;
      const r = 100 * Math.log(c[c.length - 1] / c[c.length - 2]);
      const eps = r - mu;
      const sigma2 = omega + alpha1 * eps * eps + beta1 * first[i].variance[0];
      expect(Math.abs(f.variance[0] - sigma2) / sigma2).toBeLessThan(1e-12);
      // h-step: sigma2_{T+h} = uv + (alpha+beta)^(h-1) (sigma2_{T+1} - uv)
      const uv = omega / (1 - alpha1 - beta1);
      expect(f.variance[2]).toBeCloseTo(uv + (alpha1 + beta1) ** 2 * (sigma2 - uv), 10);
      expect(f.mean[0]).toBeCloseTo(mu, 12);
    });
  });

  it('detects an edited past bar (same length) and refits cold', async () => {
    const edited = series.map((s) => ({ ticker: s.ticker, close: s.close.map((v, k) => (k === 700 ? v * 1.01 : v)) }));
    const out = await ask(edited);
    for (const f of out) {
      expect(f.cache.path).toBe('cold');
      expect(f.cache.reason).toMatch(/history differs/);
    }
  });

  it('refits warm on request, and the warm fit reaches the cold optimum', async () => {
    const cold = await ask(series, { ...garch, cache: 'bypass' });
    for (const f of cold) expect(f.cache.path).toBe('bypass');
    await ask(series.map((s) => ({ ticker: s.ticker, close: s.close.slice(0, -5) })), { ...garch, cache: 'refit' });
    const warm = await ask(series, { ...garch, cache: 'refit' });
    warm.forEach((f: any, i: number) => {
      expect(f.cache.path).toBe('warm');
      expect(Math.abs(f.fit.loglik - cold[i].fit.loglik)).toBeLessThan(1e-6);
      expect(f.fit.iterations).toBeLessThan(cold[i].fit.iterations);
    });
  });

  it('says which models take a cache policy', async () => {
    await expect(ask(series, { name: 'ewma', cache: 'refit' })).rejects.toThrow(/only the cached models/);
  });
});

describe('fitted-state cache: ARIMA', () => {
  // Expected: AR(1) with intercept forecasts mu + phi^h (x_T - mu), evaluated by hand from the
  // cached coefficients and the new last return.
  it('a fixed-order fit is reused for a one-bar extension (one filter pass at the cached coefficients)', async () => {
    const model = { name: 'arima', order: [1, 0, 0], transform: 'returns' };
    const base = series.map((s) => ({ ticker: s.ticker, close: s.close.slice(0, -1) }));
    const first = await ask(base, model);
    for (const f of first) expect(f.cache.path).toBe('cold');
    const next = await ask(series, model);
    next.forEach((f: any, i: number) => {
      expect(f.cache).toMatchObject({ path: 'incremental', barsSinceFit: 1 });
      expect(f.params).toEqual(first[i].params);
      const { ar1, intercept } = first[i].params;
      const c = series[i].close;
      const xT = 100 * Math.log(c[c.length - 1] / c[c.length - 2]);
      for (let h = 1; h <= 3; h++) expect(f.mean[h - 1]).toBeCloseTo(intercept + ar1 ** h * (xT - intercept), 9);
      // AR(1) h-step variance: sigma2 (1 - phi^2h) / (1 - phi^2)
      expect(f.variance[2]).toBeCloseTo((first[i].params.sigma2 * (1 - ar1 ** 6)) / (1 - ar1 ** 2), 9);
    });
  });

  it('auto ARIMA: the extension skips the search; refit runs it again', async () => {
    const model = { name: 'arima', auto: true, transform: 'returns' };
    const first = await ask(series.map((s) => ({ ticker: s.ticker, close: s.close.slice(0, -2) })), model);
    const next = await ask(series, model);
    next.forEach((f: any, i: number) => {
      expect(f.cache.path).toBe('incremental');
      expect(f.fit.order).toEqual(first[i].fit.order);
    });
    const refit = await ask(series, { ...model, cache: 'refit' });
    for (const f of refit) expect(f.cache).toMatchObject({ path: 'cold', reason: 'refit requested; ARIMA refits start cold' });
  });
});
