// The ensemble model through the gRPC server. Expected weights and means come from the random
// walk's and drift's closed forms (mean y_T and y_T + h·(y_T − y_1)/(T − 1)) at each backtest origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcCode, grpcDetails, startTestServer, syntheticCloses, type TestServer } from '../../helpers/server.js';

const H = 2;
const K = 5;
let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.stop());

const rw = (c: number[], t: number) => c[t - 1];
const drift = (c: number[], t: number, s: number) => c[t - 1] + s * ((c[t - 1] - c[0]) / (t - 1));

function expectedWeights(c: number[]) {
  const n = c.length;
  let mseRw = 0;
  let mseDrift = 0;
  // Origins: non-overlapping horizons ending at the last row: n − H·(K − j) for j = 0..K−1.
  for (let j = 0; j < K; j++) {
    const t = n - H * (K - j);
    for (let s = 1; s <= H; s++) {
      mseRw += (c[t + s - 1] - rw(c, t)) ** 2;
      mseDrift += (c[t + s - 1] - drift(c, t, s)) ** 2;
    }
  }
  const a = 1 / mseRw;
  const b = 1 / mseDrift;
  return { rw: a / (a + b), drift: b / (a + b), rmseRw: Math.sqrt(mseRw / (K * H)), rmseDrift: Math.sqrt(mseDrift / (K * H)) };
}

describe('ensemble', () => {
  it('inverse-MSE weights, weighted mean and mixture variance of random walk and drift', async () => {
    const close = syntheticCloses(200, 2);
    const series = [{ ticker: 'E', close }];
    const res = await srv.client.forecast({ series, models: [{ name: 'ensemble', members: ['random_walk', 'drift'], gateRatio: 100 }, { name: 'random_walk' }, { name: 'drift' }], horizonBars: H });
    const [ens, r, d] = res.forecasts;
    const w = expectedWeights(close);
    expect([ens.status, ens.model, ens.target]).toEqual(['OK', 'ensemble', 'close']);
    expect(ens.params.w_random_walk).toBeCloseTo(w.rw, 12);
    expect(ens.params.w_drift).toBeCloseTo(w.drift, 12);
    expect(ens.ensemble.members.map((m: { model: string; rmse: number }) => [m.model, m.rmse])).toEqual([
      ['random_walk', expect.closeTo(w.rmseRw, 10)],
      ['drift', expect.closeTo(w.rmseDrift, 10)],
    ]);
    expect([ens.ensemble.gated, ens.ensemble.origins, ens.ensemble.weighting]).toEqual([false, K, 'inverse_mse']);
    for (let s = 0; s < H; s++) {
      const mean = w.rw * rw(close, close.length) + w.drift * drift(close, close.length, s + 1);
      expect(ens.mean[s]).toBeCloseTo(mean, 10);
      // Law of total variance over the members' own forecasts.
      const second = w.rw * (r.variance[s] + r.mean[s] ** 2) + w.drift * (d.variance[s] + d.mean[s] ** 2);
      expect(ens.variance[s]).toBeCloseTo(second - mean ** 2, 8);
      const iv = ens.intervals[1];
      expect(iv.level).toBe(0.95);
      expect(iv.lower[s]).toBeLessThan(mean);
      expect(iv.upper[s]).toBeGreaterThan(mean);
    }
  });

  it('the gate hands a trending series to drift when the ensemble is worse than it', async () => {
    // A trend with a slow wave: both members err the same way at every origin, drift less; inverse
    // MSE still gives the random walk a share, so the blend is worse than drift by ~20% (> the default 1.1).
    const close = Array.from({ length: 120 }, (_, i) => 100 + 0.1 * i + Math.sin(0.05 * i));
    const res = await srv.client.forecast({ series: [{ ticker: 'T', close }], models: [{ name: 'ensemble', members: ['random_walk', 'drift'] }], horizonBars: H });
    const [ens] = res.forecasts;
    const w = expectedWeights(close);
    expect(ens.status).toBe('OK');
    expect(ens.ensemble.members[1].backtestWeight).toBeCloseTo(w.drift, 10);
    let sse = 0;
    for (let j = 0; j < K; j++) {
      const t = close.length - H * (K - j);
      for (let s = 1; s <= H; s++) sse += (close[t + s - 1] - (w.rw * rw(close, t) + w.drift * drift(close, t, s))) ** 2;
    }
    const ratio = Math.sqrt(sse / (K * H)) / w.rmseDrift;
    expect(ratio).toBeGreaterThan(1.1);
    expect(ens.ensemble.rmseRatioToBest).toBeCloseTo(ratio, 10);
    expect([ens.model, ens.requestedModel, ens.ensemble.gated, ens.ensemble.bestModel]).toEqual(['drift', 'ensemble', true, 'drift']);
        expect(ens.fallbackReason).toMatch(/> gate_ratio 1\.1\): drift alone/);
    expect(ens.mean[1]).toBeCloseTo(drift(close, close.length, 2), 10);
    expect(ens.params).toEqual({ w_random_walk: 0, w_drift: 1 });
  });

  it('bad members are INVALID_ARGUMENT; members of different targets are a per-ticker error', async () => {
    const series = [{ ticker: 'E', close: syntheticCloses(100, 1) }];
    for (const [members, message] of [
      [['random_walk'], /at least 2 member models/],
      [['random_walk', 'nope'], /nope: unknown model/],
      [['random_walk', 'seasonal_naive'], /seasonal_naive: needs options of its own/],
      [['random_walk', 'random_walk'], /listed twice/],
    ] as const) {
      const err = await srv.client.forecast({ series, models: [{ name: 'ensemble', members }], horizonBars: 2 }).catch((e: unknown) => e);
      expect(grpcCode(err)).toBe(3);
      expect(grpcDetails(err)).toMatch(message);
    }
    const res = await srv.client.forecast({ series, models: [{ name: 'ensemble', members: ['random_walk', 'ewma'] }], horizonBars: 2 });
    expect(res.forecasts[0]).toMatchObject({ status: 'ERROR', errorCode: 'INVALID_ARGUMENT' });
    expect(res.forecasts[0].error).toMatch(/members forecast different targets \(random_walk: close, ewma: log_return_pct\)/);
  });
});
