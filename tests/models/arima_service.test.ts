/**
 * arima through the gRPC server: Forecast, ForecastStream, GetCapabilities. Expected values come
 * from closed forms (AR(1) forecasts), from R (tests/reference/arima_dow30.json, and
 * tests/reference/arima_ocsb.json for the seasonal D) or from the definition of the error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { grpcCode, grpcDetails, startTestServer, type TestServer } from '../helpers/server.js';
import { rng } from '../native/pack.js';
import { arimaOcsbReference, arimaReference } from '../native/arima_data.js';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

/** Gaussian AR(1) x_t = mu + phi (x_{t-1} - mu) + e_t, e ~ N(0, sigma^2), from a seeded RNG. */
function ar1(n: number, phi: number, mu: number, sigma: number, seed: number): number[] {
  const u = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  let x = mu;
  const out: number[] = [];
  for (let t = 0; t < n + 100; t++) {
    x = mu + phi * (x - mu) + sigma * gauss();
    if (t >= 100) out.push(x);
  }
  return out;
}

/** Every number anywhere in a decoded message is finite. */
function numbersAllFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(numbersAllFinite);
  if (v && typeof v === 'object') return Object.values(v).every(numbersAllFinite);
  return true;
}

function dowCloses(ticker: string): number[] {
  const [, ...rows] = readFileSync(join(packageRoot(), 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n');
  return rows
    .map((r) => r.split(','))
    .filter((r) => r[0] === ticker)
    .sort((a, b) => (a[1] < b[1] ? -1 : 1))
    .map((r) => Number(r[2]));
}

const Z80 = 1.2815515655446004; // qnorm(0.9)
const Z95 = 1.959963984540054; // qnorm(0.975)

describe('arima over gRPC', () => {
  it('AR(1): forecasts and intervals equal the closed form at the fitted parameters', async () => {
    const x = ar1(600, 0.7, 5, 1.5, 11);
    const res = await ts.client.forecast({ series: [{ ticker: 'AR1', ret: x }], models: [{ name: 'arima', order: [1, 0, 0] }], horizonBars: 12, levels: [0.8, 0.95] });
    const f = res.forecasts[0];
    expect(f.status, f.error).toBe('OK');
    expect(f.model).toBe('arima');
    expect(f.target).toBe('ret');
    expect(Object.keys(f.params).sort()).toEqual(['ar1', 'intercept', 'sigma2']);
    const { ar1: phi, intercept: mu, sigma2 } = f.params;
    expect(phi).toBeGreaterThan(0.6);
    expect(phi).toBeLessThan(0.8);
    const xT = x[x.length - 1];
    for (let h = 1; h <= 12; h++) {
      const mean = mu + phi ** h * (xT - mu);
      const variance = (sigma2 * (1 - phi ** (2 * h))) / (1 - phi * phi);
      expect(f.mean[h - 1]).toBeCloseTo(mean, 10);
      expect(f.variance[h - 1] / variance).toBeCloseTo(1, 10);
      expect(f.intervals[0].level).toBe(0.8);
      expect(f.intervals[0].lower[h - 1]).toBeCloseTo(mean - Z80 * Math.sqrt(variance), 9);
      expect(f.intervals[1].upper[h - 1]).toBeCloseTo(mean + Z95 * Math.sqrt(variance), 9);
    }
    expect(f.fit.order).toEqual([1, 0, 0]);
    expect(f.fit.seasonalOrder).toEqual([]);
    expect(f.fit.n).toBe(600);
    // R's definitions on the reported loglik: k = 3 (ar1, intercept, sigma2)
    expect(f.fit.aic).toBeCloseTo(-2 * f.fit.loglik + 6, 8);
    expect(f.fit.aicc).toBeCloseTo(f.fit.aic + (2 * 3 * 4) / (600 - 3 - 1), 8);
    expect(f.fit.bic).toBeCloseTo(-2 * f.fit.loglik + 3 * Math.log(600), 8);
    expect(f.fit.converged).toBe(true);
    expect(f.fit.ljungBoxLag).toBe(10);
    // white-noise residuals: no evidence against the model
    expect(f.fit.ljungBoxP).toBeGreaterThan(0.01);
    expect(f.fit.jarqueBeraP).toBeGreaterThan(0.01);
    expect(f.stderr.ar1).toBeGreaterThan(0);
    expect(f.stderr.ar1).toBeLessThan(0.05);
  });

  it('transform "returns" on Dow closes: ARMA(1,1) at least R stats::arima(ML), reported as log_return_pct', async () => {
    const ref = arimaReference().AA;
    const res = await ts.client.forecast({
      series: [{ ticker: 'AA', close: dowCloses('AA') }],
      models: [{ name: 'arima', order: [1, 0, 1], transform: 'returns' }],
      horizonBars: 10,
    });
    const f = res.forecasts[0];
    expect(f.status, f.error).toBe('OK');
    expect(f.target).toBe('log_return_pct');
    expect(f.fit.n).toBe(ref.n_ret);
    expect(f.fit.loglik).toBeGreaterThanOrEqual(ref.arma11.loglik - 1e-4);
    for (const [k, v] of Object.entries(ref.arma11_tight.coef)) expect(Math.abs(f.params[k] - v) / ref.arma11_tight.se[k], k).toBeLessThan(0.1);
  });

  it('auto with transform "log" on Dow closes: AICc no worse than auto.arima on log prices; KPSS/ADF reported', async () => {
    const ref = arimaReference();
    const tickers = ['AA', 'KO', 'MCD'];
    const res = await ts.client.forecast({
      series: tickers.map((t) => ({ ticker: t, close: dowCloses(t) })),
      models: [{ name: 'arima', auto: true, transform: 'log' }],
      horizonBars: 5,
      levels: [0.95],
    });
    tickers.forEach((t, i) => {
      const f = res.forecasts[i];
      expect(f.status, f.error).toBe('OK');
      expect(f.target).toBe('log_close');
      expect(f.fit.aicc).toBeLessThanOrEqual(ref[t].auto_lp.aicc + 1e-3);
      expect(f.fit.order[1]).toBe(1);
      expect(f.fit.kpssStat / ref[t].kpss_lp).toBeCloseTo(1, 8);
      expect(f.fit.modelsFitted).toBeGreaterThan(4);
      expect(f.fit.adfStat).toBeLessThan(0);
      // with d = 1 the forecast variance grows with h
      expect(f.variance[4]).toBeGreaterThan(f.variance[0]);
      expect(numbersAllFinite(f)).toBe(true);
    });
  });

  it('auto with a period: D by the OCSB test as forecast::nsdiffs(test = "ocsb"), reported with the statistic', async () => {
    const ref = arimaOcsbReference();
    // D = 1: AirPassengers, co2; D = 0: log(AirPassengers), nottem, a Dow monthly log close
    const names = ['AirPassengers', 'co2', 'log_AirPassengers', 'nottem', 'KO_monthly_logclose'];
    const res = await ts.client.forecast({
      series: names.map((n) => ({ ticker: n, ret: ref[n].x })),
      models: [{ name: 'arima', auto: true, period: 12 }],
      horizonBars: 12,
    });
    names.forEach((n, i) => {
      const f = res.forecasts[i];
      const r = ref[n];
      expect(f.status, f.error).toBe('OK');
      // seasonal_order is [P, D, Q] for a seasonal choice and empty (D = 0) for a non-seasonal one
      const D = f.fit.seasonalOrder.length ? f.fit.seasonalOrder[1] : 0;
      expect(D, n).toBe(r.nsdiffs);
      expect(f.fit.order[1], n).toBe(Math.min(r.ndiffs, 1));
      expect(Math.abs(f.fit.ocsbStat - r.ocsb_stat), n).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r.ocsb_stat)));
      expect(f.fit.ocsbCrit).toBeCloseTo(r.ocsb_crit, 12);
      expect(f.fit.ocsbLag).toBe(r.ocsb_lag);
      expect(f.fit.aicc, n).toBeLessThanOrEqual(r.auto.aicc_exact + 1e-3);
      expect(numbersAllFinite(f)).toBe(true);
    });
    // a given seasonal order fixes D (the search still chooses P, Q <= the given values)
    const fixed = await ts.client.forecast({
      series: [{ ticker: 'AP', ret: ref.AirPassengers.x }],
      models: [{ name: 'arima', auto: true, period: 12, seasonalOrder: [1, 0, 1] }],
      horizonBars: 3,
    });
    const f = fixed.forecasts[0];
    expect(f.status, f.error).toBe('OK');
    expect(f.fit.seasonalOrder.length ? f.fit.seasonalOrder[1] : 0).toBe(0);
    expect(f.fit.ocsbStat).toBeCloseTo(ref.AirPassengers.ocsb_stat, 8);
  });

  it('degenerate inputs: a clear per-ticker error or a finite answer, never NaN', async () => {
    const noise = ar1(300, 0.2, 100, 1, 3);
    const outlier = noise.slice();
    outlier[150] = 1e200;
    const res = await ts.client.forecast({
      series: [
        { ticker: 'CONST', close: Array(200).fill(42) },
        { ticker: 'SHORT', close: [1, 2, 3] },
        { ticker: 'TREND', close: Array.from({ length: 200 }, (_, i) => 100 + 0.5 * i) },
        { ticker: 'OUTLIER', close: outlier },
        { ticker: 'HUGE', close: noise.map((v) => v * 1e150) },
        { ticker: 'OK', close: noise },
      ],
      models: [{ name: 'arima', order: [1, 0, 1] }, { name: 'arima', auto: true }, { name: 'arima', order: [0, 1, 1] }, { name: 'arima', order: [1, 0, 0], transform: 'log' }],
      horizonBars: 5,
    });
    expect(numbersAllFinite(res)).toBe(true);
    const by = (ticker: string) => res.forecasts.filter((f: any) => f.ticker === ticker);
    for (const f of by('CONST')) {
      expect(f.status).toBe('ERROR');
      expect(f.errorCode).toBe('FAILED_PRECONDITION');
      expect(f.error).toMatch(/constant/);
    }
    // fixed orders need more points; the search may still fit a (0,d,0) to 3 points, as auto.arima does
    const [short101, , short011, short100] = by('SHORT');
    expect(short101.error).toBe('arima(1,0,1): needs at least 6 points of the close series, got 3');
    expect(short011.error).toBe('arima(0,1,1): needs at least 6 points of the close series, got 3');
    expect(short100.error).toBe('arima(1,0,0): needs at least 5 points of the log_close series, got 3');
    const [trend101, trendAuto, trend011] = by('TREND');
    expect(trendAuto.error).toMatch(/perfect linear trend/);
    expect(trend011.error).toMatch(/perfect linear trend/);
    expect(['OK', 'ERROR']).toContain(trend101.status);
    for (const f of [...by('OUTLIER'), ...by('HUGE')]) {
      expect(['OK', 'ERROR']).toContain(f.status);
      if (f.status === 'ERROR') expect(f.error.length).toBeGreaterThan(10);
    }
    for (const f of by('OK')) expect(f.status, f.error).toBe('OK');
  });

  it('transform "log" rejects a non-positive level per ticker', async () => {
    const res = await ts.client.forecast({
      // prices <= 0 are already rejected by preprocessing (returns need them); a `ret` series is not
      series: [{ ticker: 'NEG', ret: [3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7] }, { ticker: 'POS', close: ar1(200, 0.5, 50, 1, 5) }],
      models: [{ name: 'arima', order: [1, 0, 0], transform: 'log' }],
      horizonBars: 2,
    });
    expect(res.forecasts[0].status).toBe('ERROR');
    expect(res.forecasts[0].error).toMatch(/ret\[3\] = 0 is not positive/);
    expect(res.forecasts[1].status).toBe('OK');
    expect(res.forecasts[1].target).toBe('log_close');
  });

  it.each([
    [{ order: [4, 0, 0] }, /order.*p.*must be in 0..3/],
    [{ order: [1, 0, 1], auto: true }, /either order .* or auto/],
    [{ order: [1, 0] }, /order/],
    [{ order: [1, 0, 1], seasonalOrder: [1, 0, 0] }, /seasonal order needs period/],
    [{ auto: true, ic: 'hqic' }, /ic must be one of aicc, aic, bic/],
    [{ order: [1, 0, 1], ic: 'aic' }, /ic .* applies with auto only/],
    [{ transform: 'sqrt' }, /transform must be one of none, log, returns/],
  ])('rejects bad options %j with INVALID_ARGUMENT naming the field', async (fields, message) => {
    const err = await ts.client
      .forecast({ series: [{ ticker: 'X', close: ar1(50, 0.5, 10, 1, 1) }], models: [{ name: 'arima', ...fields }], horizonBars: 2 })
      .catch((e: unknown) => e);
    expect(grpcCode(err)).toBe(3);
    expect(grpcDetails(err)).toMatch(/models\[0\] \(arima\)/);
    expect(grpcDetails(err)).toMatch(message);
  });

  it('ForecastStream answers arima pushes per ticker', async () => {
    const call = ts.client.raw.ForecastStream();
    const received: any[] = [];
    const done = new Promise<void>((ok, fail) => {
      call.on('data', (f: any) => received.push(f));
      call.on('end', () => ok());
      call.on('error', fail);
    });
    call.write({ requestId: 's1', series: [{ ticker: 'A', ret: ar1(300, 0.5, 0, 1, 7) }, { ticker: 'B', ret: ar1(300, -0.3, 1, 2, 8) }], models: [{ name: 'arima', auto: true }], horizonBars: 3 });
    call.end();
    await done;
    expect(received.map((f) => `${f.ticker}/${f.model}/${f.status}`).sort()).toEqual(['A/arima/OK', 'B/arima/OK']);
    for (const f of received) {
      expect(f.fit.order).toHaveLength(3);
      expect(numbersAllFinite(f)).toBe(true);
    }
  });

  it('GetCapabilities lists arima and its parameters', async () => {
    const caps = await ts.client.capabilities();
    const m = caps.models.find((x: any) => x.name === 'arima');
    expect(m.family).toBe('arima');
    expect(m.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['order', 'auto', 'ic', 'max_order', 'seasonal_order', 'period', 'transform', 'no_constant']),
    );
    expect(m.minPoints).toBeGreaterThan(0);
  });
});
