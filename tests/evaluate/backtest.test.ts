// Rolling-origin evaluation end to end through the gRPC server. Expected values are computed here
// from the closed forms of the random walk (mean y_T, variance h·σ², σ² = mean squared change) and of
// the drift model (mean y_T + h·c, c = (y_T − y_1)/(T − 1)), origin by origin.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/stats/normal.js';
import { dailyTimestamps, grpcCode, grpcDetails, startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';

const N = 60;
const H = 3;
const STEP = 2;
const ORIGINS = 4;
const close = syntheticCloses(N, 3);
const series = [{ ticker: 'SYN', timestampsMs: dailyTimestamps(N), close }];
// Default placement: the last origin's horizon ends at the last row: 60 − 3 − 3·2 = 51, 53, 55, 57.
const origins = [51, 53, 55, 57];

function rwForecast(t: number) {
  let s2 = 0;
  for (let j = 1; j < t; j++) s2 += (close[j] - close[j - 1]) ** 2;
  return { mean: close[t - 1], sigma2: s2 / (t - 1) };
}
function driftMean(t: number, step: number) {
  return close[t - 1] + step * ((close[t - 1] - close[0]) / (t - 1));
}
const rms = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.stop());

describe('Evaluate', () => {
  it('random walk and drift: per-step RMSE, MAE, coverage and RMSE ratio equal the closed forms', async () => {
    const res = await srv.client.evaluate({
      series,
      models: [{ name: 'random_walk' }, { name: 'drift' }],
      levels: [0.8, 0.95],
      backtest: { horizonBars: H, origins: ORIGINS, stepBars: STEP, baselineModel: 'random_walk' },
    });
    expect(res.windows).toBe(ORIGINS);
    const [rw, drift] = res.evaluations;
    expect([rw.ticker, rw.model, rw.status, rw.target, rw.origins]).toEqual(['SYN', 'random_walk', 'OK', 'close', ORIGINS]);
    expect([drift.model, drift.status]).toEqual(['drift', 'OK']);
    for (let s = 0; s < H; s++) {
      const eRw = origins.map((t) => close[t + s] - rwForecast(t).mean);
      const eDrift = origins.map((t) => close[t + s] - driftMean(t, s + 1));
      expect(rw.steps[s].step).toBe(s + 1);
      expect(rw.steps[s].rmse).toBeCloseTo(rms(eRw), 10);
      expect(rw.steps[s].mae).toBeCloseTo(eRw.reduce((a, e) => a + Math.abs(e), 0) / ORIGINS, 10);
      expect(drift.steps[s].rmse).toBeCloseTo(rms(eDrift), 10);
      expect(drift.steps[s].hasRmseRatio).toBe(true);
      expect(drift.steps[s].rmseRatio).toBeCloseTo(rms(eDrift) / rms(eRw), 10);
      expect(rw.steps[s].rmseRatio).toBeCloseTo(1, 12);
      const z = normalQuantile(0.975);
      const inside = origins.filter((t, o) => Math.abs(eRw[o]) <= z * Math.sqrt((s + 1) * rwForecast(t).sigma2)).length;
      expect(rw.steps[s].coverage[1]).toEqual({ level: 0.95, coverage: inside / ORIGINS });
      expect(rw.steps[s].hasVarianceMetrics).toBe(false); // a price target: no variance metrics
    }
    // The random walk makes no directional call (zero change), so every origin is a miss.
    expect(rw.directionalOneStep).toBe(0);
    const up = origins.filter((t) => Math.sign(close[t] - close[t - 1]) === Math.sign(driftMean(t, 1) - close[t - 1])).length;
    expect(drift.directionalOneStep).toBe(up / ORIGINS);
    expect(JSON.stringify(res)).not.toMatch(/NaN|Infinity/);
  });

  it('GARCH on returns: variance metrics and one-step VaR backtests at the model VaR levels', async () => {
    const long = syntheticCloses(700, 5);
    const res = await srv.client.evaluate({
      series: [{ ticker: 'G', close: long }],
      models: [{ name: 'garch', noFallback: true }],
      backtest: { horizonBars: 1, origins: 20, stepBars: 1 },
    });
    const [g] = res.evaluations;
    expect([g.status, g.target, g.origins]).toEqual(['OK', 'log_return_pct', 20]);
    expect(g.steps[0].hasVarianceMetrics).toBe(true);
    expect(Number.isFinite(g.steps[0].qlike)).toBe(true);
    expect(g.varTests.map((v: { level: number }) => v.level)).toEqual(srv.cfg.garch.varLevels);
    for (const v of g.varTests) expect(v.n).toBe(20);
  });

  it('a series too short for the origins is a per-ticker error naming what is needed; others succeed', async () => {
    const res = await srv.client.evaluate({
      series: [...series, { ticker: 'SHORT', close: close.slice(0, 8) }],
      models: [{ name: 'random_walk' }],
      backtest: { horizonBars: H, origins: ORIGINS, stepBars: STEP },
    });
    expect(res.evaluations.map((e: { status: string }) => e.status)).toEqual(['OK', 'ERROR']);
    expect(res.evaluations[1]).toMatchObject({ ticker: 'SHORT', errorCode: 'FAILED_PRECONDITION' });
    // 2 training rows at the least + (4 − 1)·2 between origins + 3 scored = 11
    expect(res.evaluations[1].error).toBe('backtest: needs at least 11 rows for 4 origins, step 2, horizon 3; the series has 8');
  });

  it('bad options are INVALID_ARGUMENT naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{ horizonBars: 3 }, /backtest\.origins: must be >= 1/],
      [{ horizonBars: 0, origins: 2 }, /backtest\.horizon_bars: must be >= 1/],
      [{ horizonBars: 2, origins: 2, baselineModel: 'drift' }, /backtest\.baseline_model: "drift" is not among the request's models/],
      [{ horizonBars: 2, origins: 2, window: 'WINDOW_SLIDING' }, /backtest\.window_bars: a sliding window needs window_bars >= 2/],
      [{ horizonBars: 2, origins: 100000 }, /backtest\.origins: must be <= 500/],
    ];
    for (const [backtest, message] of cases) {
      const err = await srv.client.evaluate({ series, models: [{ name: 'random_walk' }], backtest }).catch((e: unknown) => e);
      expect(grpcCode(err), JSON.stringify(backtest)).toBe(3);
      expect(grpcDetails(err)).toMatch(message);
    }
  });

  it('arrow_results: the same metrics as a long Arrow IPC table, nulls where a metric does not apply', async () => {
    const res = await srv.client.evaluate({
      series: [...series, { ticker: 'SHORT', close: close.slice(0, 8) }],
      models: [{ name: 'random_walk' }, { name: 'drift' }],
      levels: [0.8, 0.95],
      backtest: { horizonBars: H, origins: ORIGINS, stepBars: STEP, baselineModel: 'random_walk' },
      arrowResults: true,
    });
    const table = tableFromIPC(res.arrowIpc);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'ticker', 'model', 'status', 'target', 'origins', 'step', 'rmse', 'mae', 'mase', 'smape', 'qlike', 'variance_mse',
      'rmse_ratio', 'coverage_0.8', 'coverage_0.95', 'directional_one_step', 'directional_terminal',
    ]);
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows.length).toBe(2 * H + 2); // SYN: 2 models x 3 steps; SHORT: one error row per model
    const drift2 = rows.find((r) => r.ticker === 'SYN' && r.model === 'drift' && r.step === 2)!;
    const msg = res.evaluations[1].steps[1];
    expect([drift2.rmse, drift2.mase, drift2.rmse_ratio, drift2['coverage_0.95']]).toEqual([msg.rmse, msg.mase, msg.rmseRatio, msg.coverage[1].coverage]);
    expect(drift2.qlike).toBeNull(); // price target: no variance metrics
    const short = rows.filter((r) => r.ticker === 'SHORT');
    expect(short.map((r) => [r.status, r.step, r.rmse])).toEqual([['ERROR', 0, null], ['ERROR', 0, null]]);
    // Without the flag no table is sent.
    const plain = await srv.client.evaluate({ series, models: [{ name: 'random_walk' }], backtest: { horizonBars: 1, origins: 2 } });
    expect(plain.arrowIpc.length).toBe(0);
  });

  it('a sliding window trains each origin on the last window_bars rows only', async () => {
    const res = await srv.client.evaluate({
      series,
      models: [{ name: 'random_walk' }],
      backtest: { horizonBars: 1, origins: 2, stepBars: 1, window: 'WINDOW_SLIDING', windowBars: 10 },
    });
    // Origins 58 and 59 train on rows [48, 58) and [49, 59): σ² from the 9 changes inside each window.
    const z = normalQuantile(0.9);
    const inside = [58, 59].filter((t) => {
      let s2 = 0;
      for (let j = t - 9; j < t; j++) s2 += (close[j] - close[j - 1]) ** 2;
      return Math.abs(close[t] - close[t - 1]) <= z * Math.sqrt(s2 / 9);
    }).length;
    expect(res.evaluations[0].steps[0].coverage[0]).toEqual({ level: 0.8, coverage: inside / 2 });
    // MASE scale is the window's own naive MAE: |e| / mean|Δ| over the same 9 changes.
    const mase = [58, 59].map((t) => {
      let a = 0;
      for (let j = t - 9; j < t; j++) a += Math.abs(close[j] - close[j - 1]);
      return Math.abs(close[t] - close[t - 1]) / (a / 9);
    });
    expect(res.evaluations[0].steps[0].mase).toBeCloseTo((mase[0] + mase[1]) / 2, 10);
  });
});
