import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { runCli } from '../helpers/cli.js';

const run = runCli;

describe('tensorcast forecast (in-process pipeline)', () => {
  it('reads a ret-only CSV and prints JSON with EWMA computed by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-cli-'));
    const file = join(dir, 'rets.csv');
    writeFileSync(file, 'ret\n1\n-2\n0.5\n');
    const { code, stdout, stderr } = await run(['forecast', '--input', file, '--model', 'ewma', '--lambda', '0.9', '--horizon', '2', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const f = out.results[0];
    expect(f.ticker).toBe('rets');
    expect(f.target).toBe('ret');
    // seed = (1 + 4 + 0.25)/3 = 1.75; then 0.9·s + 0.1·r² for r = 1, -2, 0.5
    let s = 1.75;
    for (const r of [1, -2, 0.5]) s = 0.9 * s + 0.1 * r * r;
    expect(f.variance[0]).toBeCloseTo(s, 12);
    expect(f.variance[1]).toBeCloseTo(s, 12);
    expect(out.backend).toBe('cpu');
  });

  it('prints a table for the sample data', async () => {
    const { code, stdout } = await run(['forecast', '--input', join(packageRoot(), 'examples/data/msft_daily_ohlcv.csv'), '--model', 'random_walk,drift', '--horizon', '3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/MSFT\s+random_walk\s+close/);
    expect(stdout).toMatch(/MSFT\s+drift/);
  });

  it('usage errors exit 2 with a message', async () => {
    const { code, stderr } = await run(['forecast']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--input/);
  });
});

describe('tensorcast fit', () => {
  it('GARCH(1,1) on the DEM/GBP returns: FCP benchmark estimates in the JSON shape of issue 4', async () => {
    const { code, stdout, stderr } = await run(['fit', '--input', join(packageRoot(), 'tests/data/dem2gbp_returns.csv'), '--model', 'garch', '--init', 'sample', '--horizon', '3', '--json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    const r = out.results[0];
    // FCP benchmark values (McCullough & Renfro 1998)
    expect(r.params.mu).toBeCloseTo(-0.00619040838, 8);
    expect(r.params.omega).toBeCloseTo(0.010761397852, 8);
    expect(r.params.alpha1).toBeCloseTo(0.15313406182, 7);
    expect(r.params.beta1).toBeCloseTo(0.805973670305, 7);
    expect(r.loglik).toBeCloseTo(-1106.607881041, 5);
    expect(r.stderr.beta1).toBeCloseTo(0.0335527, 4);
    expect(Object.keys(r.stderr_robust)).toEqual(['mu', 'omega', 'alpha1', 'beta1']);
    expect(r).toMatchObject({ ticker: 'dem2gbp_returns', n: 1974, model: 'garch', converged: true });
    expect(r.forecast.mean).toHaveLength(3);
    expect(r.forecast.variance).toHaveLength(3);
    expect(typeof r.aic).toBe('number');
    expect(typeof r.bic).toBe('number');
    expect(out.backend).toBe('cpu');
    expect(out.timing_ms.fit).toBeGreaterThanOrEqual(0);
    expect(out.timing_ms.total).toBeGreaterThanOrEqual(out.timing_ms.fit);
  });

  it('names a bad option value', async () => {
    const { code, stderr } = await run(['fit', '--input', join(packageRoot(), 'tests/data/dem2gbp_returns.csv'), '--model', 'garch', '--dist', 'cauchy']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/dist/);
  });
});

describe('tensorcast fit --model arima (issue 5)', () => {
  // One Dow ticker's closes as a CSV with a date column; R's references were computed on the same rows.
  function dowCsv(ticker: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'tc-cli-arima-'));
    const file = join(dir, `${ticker}.csv`);
    const lines = readFileSync(join(packageRoot(), 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n');
    writeFileSync(file, [lines[0], ...lines.slice(1).filter((l) => l.startsWith(`${ticker},`))].join('\n') + '\n');
    return file;
  }
  const ref = JSON.parse(readFileSync(join(packageRoot(), 'tests/reference/arima_dow30.json'), 'utf8'));

  it('--order 1,0,1 --transform returns --json: R stats::arima(ML) estimates, IC, intervals per level', async () => {
    const { code, stdout, stderr } = await run(['fit', '--input', dowCsv('KO'), '--model', 'arima', '--order', '1,0,1', '--transform', 'returns', '--horizon', '4', '--levels', '0.8,0.95', '--json']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout).results[0];
    const R = ref.KO;
    expect(r).toMatchObject({ ticker: 'KO', model: 'arima', status: 'OK', order: [1, 0, 1], target: 'log_return_pct', n: R.n_ret, converged: true });
    expect(Object.keys(r.params)).toEqual(['ar1', 'ma1', 'intercept', 'sigma2']);
    expect(Object.keys(r.stderr)).toEqual(['ar1', 'ma1', 'intercept']);
    expect(r.loglik).toBeGreaterThanOrEqual(R.arma11.loglik - 1e-4);
    for (const [k, v] of Object.entries(R.arma11_tight.coef as Record<string, number>)) expect(Math.abs(r.params[k] - v) / R.arma11_tight.se[k], k).toBeLessThan(0.1);
    // R's definitions, k = 4 (ar1, ma1, intercept, sigma2)
    expect(r.aic).toBeCloseTo(-2 * r.loglik + 8, 8);
    expect(r.bic).toBeCloseTo(-2 * r.loglik + 4 * Math.log(r.n), 8);
    expect(r.aicc).toBeCloseTo(r.aic + 40 / (r.n - 5), 8);
    expect(r.forecast.intervals.map((i: { level: number }) => i.level)).toEqual([0.8, 0.95]);
    const sd = Math.sqrt(r.forecast.variance[0]);
    expect(r.forecast.intervals[1].upper[0]).toBeCloseTo(r.forecast.mean[0] + 1.959963984540054 * sd, 9);
    expect(r.forecast.intervals[0].lower).toHaveLength(4);
    expect(r.ljung_box_p).toBeGreaterThanOrEqual(0);
    expect(r.jarque_bera_p).toBeGreaterThanOrEqual(0);
  });

  it('--auto --transform log --json: AICc no worse than forecast::auto.arima on the log prices', async () => {
    const { code, stdout, stderr } = await run(['fit', '--input', dowCsv('MCD'), '--model', 'arima', '--auto', '--transform', 'log', '--json']);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout).results[0];
    expect(r.target).toBe('log_close');
    expect(r.order[1]).toBe(1);
    expect(r.aicc).toBeLessThanOrEqual(ref.MCD.auto_lp.aicc + 1e-3);
    expect(r.models_fitted).toBeGreaterThan(4);
    expect(typeof r.kpss_stat).toBe('number');
  });

  it('--auto --period 12 chooses D by the OCSB test (forecast::nsdiffs); --seasonal P,D,Q fixes it', async () => {
    const ocsb = JSON.parse(readFileSync(join(packageRoot(), 'tests/reference/arima_ocsb.json'), 'utf8')).series;
    const R = ocsb.AirPassengers;
    const dir = mkdtempSync(join(tmpdir(), 'tc-cli-arima-'));
    const file = join(dir, 'AirPassengers.csv');
    writeFileSync(file, ['ret', ...R.x].join('\n') + '\n');
    const chosen = await run(['fit', '--input', file, '--model', 'arima', '--auto', '--period', '12', '--json']);
    expect(chosen.code, chosen.stderr).toBe(0);
    const r = JSON.parse(chosen.stdout).results[0];
    expect(R.nsdiffs).toBe(1);
    expect(r.seasonal_order[1]).toBe(1);
    expect(r.period).toBe(12);
    expect(r.order).toEqual(R.auto.order);
    expect(r.seasonal_order).toEqual(R.auto.seasonal_order);
    expect(r.aicc).toBeLessThanOrEqual(R.auto.aicc_exact + 1e-3);
    expect(Math.abs(r.ocsb_stat - R.ocsb_stat)).toBeLessThanOrEqual(1e-8 * Math.abs(R.ocsb_stat));
    expect(r.ocsb_crit).toBeCloseTo(R.ocsb_crit, 12);
    expect(r.ocsb_lag).toBe(R.ocsb_lag);
    const fixed = await run(['fit', '--input', file, '--model', 'arima', '--auto', '--period', '12', '--seasonal', '1,0,1', '--json']);
    expect(fixed.code, fixed.stderr).toBe(0);
    const g = JSON.parse(fixed.stdout).results[0];
    expect(g.seasonal_order === undefined ? 0 : g.seasonal_order[1]).toBe(0);
    expect(g.ocsb_stat).toBeCloseTo(R.ocsb_stat, 8);
  });

  it('prints orders and AICc in the table, and rejects a malformed --order', async () => {
    const ok = await run(['fit', '--input', dowCsv('AA'), '--model', 'arima', '--order', '0,1,1', '--horizon', '2']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/AA\s+arima\s+n=\d+.*order=\(0,1,1\)\s+aicc=/);
    expect(ok.stdout).toMatch(/ma1 /);
    expect(ok.stdout).toMatch(/drift /);
    const bad = await run(['fit', '--input', dowCsv('AA'), '--model', 'arima', '--order', '1,0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--order: expected three integers/);
  });
});

describe('tensorcast demo', () => {
  it('prints forecasts for all 30 sample tickers through a real gRPC server', async () => {
    const { code, stdout, stderr } = await run(['demo']);
    expect(code, stderr).toBe(0);
    const tickers = new Set(
      stdout
        .split('\n')
        .filter((l) => /^[A-Z]+\s+(random_walk|drift|ewma|garch)/.test(l))
        .map((l) => l.split(/\s+/)[0]),
    );
    expect(tickers.size).toBe(30);
    expect(stdout).not.toMatch(/ERROR|NaN/);
  }, 60_000);
});

describe('tensorcast backtest (issue 9)', () => {
  it('EWMA on a ret-only CSV: QLIKE and variance MSE of each origin computed by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-cli-'));
    const file = join(dir, 'rets.csv');
    const rets = [1, -2, 0.5, 1.5, -0.5, 2, -1, 0.25];
    writeFileSync(file, `ret\n${rets.join('\n')}\n`);
    const { code, stdout, stderr } = await run(['backtest', '--input', file, '--model', 'ewma', '--lambda', '0.9', '--horizon', '1', '--origins', '3', '--step', '1', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const e = out.evaluations[0];
    expect([e.ticker, e.model, e.target, e.origins, out.windows]).toEqual(['rets', 'ewma', 'ret', 3, 3]);
    // Origins 5, 6, 7 (the last one scores the last row): σ² = seed mean(r²) over the window, then the recursion.
    let q = 0;
    let m = 0;
    for (const t of [5, 6, 7]) {
      const w = rets.slice(0, t);
      let s2 = w.reduce((a, r) => a + r * r, 0) / t;
      for (const r of w) s2 = 0.9 * s2 + 0.1 * r * r;
      q += Math.log(s2) + rets[t] ** 2 / s2;
      m += (rets[t] ** 2 - s2) ** 2;
    }
    expect(e.steps[0].hasVarianceMetrics).toBe(true);
    expect(e.steps[0].qlike).toBeCloseTo(q / 3, 12);
    expect(e.steps[0].varianceMse).toBeCloseTo(m / 3, 12);
    // EWMA's mean is 0: the RMSE is that of the realised returns themselves.
    expect(e.steps[0].rmse).toBeCloseTo(Math.sqrt((rets[5] ** 2 + rets[6] ** 2 + rets[7] ** 2) / 3), 12);
  });

  it('prints a table for the Dow sample and exits 2 on a bad window', async () => {
    const { code, stdout } = await run(['backtest', '--input', join(packageRoot(), 'examples/data/msft_daily_ohlcv.csv'), '--model', 'random_walk,drift', '--origins', '3', '--horizon', '5', '--baseline', 'random_walk']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/MSFT\s+drift\s+close\s+3/);
    const bad = await run(['backtest', '--input', join(packageRoot(), 'examples/data/msft_daily_ohlcv.csv'), '--window', 'rolling']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window: expected expanding or sliding, got rolling/);
  });
});
describe('tensorcast devices', () => {
  it('reports CUDA detection; with the simulated device (testing aid) a GPU executor and its routing', async () => {
    const plain = await run(['devices', '--json']);
    expect(plain.code).toBe(0);
    const found = JSON.parse(plain.stdout);
    expect(found.cudaAvailable).toBe(found.devices.length > 0);
    if (!found.cudaAvailable) expect(found).toMatchObject({ executor: 'none', breakerState: '', maxInFlightBatches: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'tc-cli-'));
    const cfg = join(dir, 'sim.yaml');
    writeFileSync(cfg, 'gpu:\n  simulateDevice: true\n  minBatchSeries: 8\n');
    const sim = await run(['devices', '--config', cfg]);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/GPU executor: cuda-sim \(gpu.simulateDevice: TESTING AID/);
    expect(sim.stdout).toMatch(/batches of >= 8 series of garch, gjr, arima; 2 streams; breaker closed; fault injection none/);
  });
});

