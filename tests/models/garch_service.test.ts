import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// FCP benchmark (Fiorentini, Calzolari & Panattoni 1996; McCullough & Renfro 1998): GARCH(1,1),
// constant mean, normal, pre-sample variance = mean squared residual, on the DEM/GBP returns.
const FCP = { mu: -0.00619040838, omega: 0.010761397852, alpha1: 0.15313406182, beta1: 0.805973670305 };
const FCP_LOGLIK = -1106.607881041;
const FCP_SE = { mu: 0.00846212, omega: 0.00285271, alpha1: 0.0265228, beta1: 0.0335527 };

const lre = (a: number, b: number) => -Math.log10(Math.abs(a - b) / Math.abs(b));
const dem2gbp = readFileSync(join(packageRoot(), 'tests/data/dem2gbp_returns.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map(Number);

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

describe('GARCH over gRPC', () => {
  it('matches the FCP benchmark (LRE >= 6, SEs to 3 significant digits)', async () => {
    const res = await ts.client.forecast({
      series: [{ ticker: 'DEM2GBP', ret: dem2gbp }],
      models: [{ name: 'garch', init: 'sample', noFallback: true }],
      horizonBars: 5,
      levels: [0.95],
    });
    const f = res.forecasts[0];
    expect(f.status).toBe('OK');
    expect(f.model).toBe('garch');
    expect(f.target).toBe('ret');
    for (const [k, v] of Object.entries(FCP)) expect(lre(f.params[k], v), k).toBeGreaterThanOrEqual(6);
    expect(lre(f.fit.loglik, FCP_LOGLIK)).toBeGreaterThanOrEqual(6);
    for (const [k, v] of Object.entries(FCP_SE)) expect(Number(f.stderr[k].toPrecision(3)), k).toBe(Number(v.toPrecision(3)));
    expect(f.fit.converged).toBe(true);
    expect(f.fit.n).toBe(1974);
    // closed forms at the estimates: persistence alpha+beta; unconditional variance omega/(1-alpha-beta)
    const { omega, alpha1, beta1 } = f.params;
    expect(f.fit.persistence).toBeCloseTo(alpha1 + beta1, 10);
    expect(f.fit.unconditionalVariance).toBeCloseTo(omega / (1 - alpha1 - beta1), 8);
    // GARCH(1,1) h-step variance: sigma2_{T+h} = uv + (alpha+beta)^(h-1) (sigma2_{T+1} - uv)
    const uv = omega / (1 - alpha1 - beta1);
    for (let h = 2; h <= 5; h++) {
      expect(f.variance[h - 1]).toBeCloseTo(uv + (alpha1 + beta1) ** (h - 1) * (f.variance[0] - uv), 9);
    }
    // normal innovations: 95% interval is mean ± 1.959964 sd; one-step 99% VaR = -(mu + sd * z_0.01)
    const sd1 = Math.sqrt(f.variance[0]);
    expect(f.intervals[0].upper[0]).toBeCloseTo(f.mean[0] + 1.959963984540054 * sd1, 9);
    const var99 = f.risk.find((r: { level: number }) => r.level === 0.99);
    expect(var99.valueAtRisk).toBeCloseTo(-(f.mean[0] - 2.3263478740408408 * sd1), 8);
    // ES of the normal at 99%: sd * phi(z) / 0.01 - mu
    const z = 2.3263478740408408;
    expect(var99.expectedShortfall).toBeCloseTo(sd1 * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) / 0.01 - f.mean[0], 8);
  });

  it('falls back GARCH -> GJR -> EWMA when persistence is above the limit, and says why', async () => {
    const res = await ts.client.forecast({
      series: [{ ticker: 'DEM2GBP', ret: dem2gbp }],
      // FCP persistence is 0.959; a limit of 0.5 rejects both GARCH and GJR fits.
      models: [{ name: 'garch', maxPersistence: 0.5 }],
      horizonBars: 2,
    });
    const f = res.forecasts[0];
    expect(f.status).toBe('OK');
    expect(f.requestedModel).toBe('garch');
    expect(f.model).toBe('ewma');
    expect(f.fallbackReason).toMatch(/garch\(1,1\): persistence 0\.9\d+ >= max_persistence 0\.5/);
    expect(f.fallbackReason).toMatch(/gjr\(1,1,1\): persistence/);
    expect(f.fallbackReason).toMatch(/used ewma/);
    // EWMA with lambda 0.94 written out (seed = mean square)
    let s2 = dem2gbp.reduce((a, x) => a + x * x, 0) / dem2gbp.length;
    for (const r of dem2gbp) s2 = 0.94 * s2 + 0.06 * r * r;
    expect(f.variance[0]).toBeCloseTo(s2, 10);
  });

  it('degenerate series give per-ticker errors or non-converged fits, never NaN', async () => {
    const n = 500;
    const wave = Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.7));
    const series = [
      { ticker: 'CONST', ret: new Array(n).fill(0.5) },
      { ticker: 'ZEROS', ret: new Array(n).fill(0) },
      { ticker: 'SHORT', ret: [0.1, -0.2, 0.3, 0.1, -0.1] },
      { ticker: 'OUTLIER', ret: wave.map((x, i) => (i === 250 ? 1e6 : x)) },
      { ticker: 'HUGE', ret: wave.map((x) => x * 1e200) },
      { ticker: 'FINE', ret: dem2gbp },
    ];
    for (const name of ['garch', 'gjr', 'aparch', 'egarch']) {
      const res = await ts.client.forecast({ series, models: [{ name, dist: 't' }], horizonBars: 3 });
      const by = (t: string) => res.forecasts.find((f: { ticker: string }) => f.ticker === t);
      expect(by('FINE').status, name).toBe('OK');
      expect(by('SHORT').status).toBe('ERROR');
      expect(by('SHORT').error).toMatch(/at least/);
      for (const f of res.forecasts) {
        const numbers = [...f.mean, ...f.variance, ...Object.values(f.params as Record<string, number>), ...f.intervals.flatMap((i: { lower: number[]; upper: number[] }) => [...i.lower, ...i.upper])];
        for (const x of numbers) expect(Number.isFinite(x), `${name} ${f.ticker}`).toBe(true);
        if (f.status === 'ERROR') expect(f.error.length).toBeGreaterThan(0);
      }
    }
  }, 120_000);
});
