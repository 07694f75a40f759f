/**
 * ARIMA through the addon against R (tests/reference/arima_dow30.json, written by
 * bench/reference/arima_reference.R with R 4.2.2 / forecast 8.20):
 *  - fixed ARMA(1,1) and ARMA(2,2) with mean on the Dow 30 log returns x 100: log-likelihood at
 *    least R's stats::arima(method = "ML") - 1e-4, estimates within 0.1 s.e. of R's optimum where R
 *    reaches it (R's tightly converged fit, reltol 1e-14: the default fit often stops early);
 *  - auto selection on the returns and on the log prices: AICc no worse than auto.arima's (+1e-3)
 *    on at least 28 of 30 tickers each.
 * One native call per case fits all 30 tickers.
 */
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { ARIMA_COEF_SLOTS, arimaCoefNames, arimaOrderAt, type ArimaBatchOutput } from '../../src/native/arima.js';
import { NativeStatus } from '../../src/native/status.js';
import { AUTO_BOUNDS, arimaInput, arimaReference, arimaSpec, dow30LogPrices, dow30Returns, type RFixedFit } from './arima_data.js';

const native = loadNative();
const ref = arimaReference();
const returns = dow30Returns();
const logPrices = dow30LogPrices();
const tickers = [...returns.keys()];

function coefOf(out: ArimaBatchOutput, i: number, table: Float64Array = out.coef): Record<string, number> {
  const m: Record<string, number> = {};
  for (const { name, slot } of arimaCoefNames(arimaOrderAt(out.order, i))) m[name] = table[i * ARIMA_COEF_SLOTS + slot];
  return m;
}

describe.each([
  { name: 'ARMA(1,1)', p: 1, q: 1, key: 'arma11' as const, tight: 'arma11_tight' as const },
  { name: 'ARMA(2,2)', p: 2, q: 2, key: 'arma22' as const, tight: 'arma22_tight' as const },
])('$name + mean on the Dow 30 log returns x 100 vs stats::arima(method = "ML")', ({ p, q, key, tight }) => {
  it('log-likelihood >= R - 1e-4 on 30/30; estimates and forecasts within 0.1 s.e. where R reaches our optimum', async () => {
    expect(tickers).toHaveLength(30);
    const out = await native.arimaBatch(arimaInput(tickers.map((t) => returns.get(t)!), { spec: arimaSpec({ p, q }) }));
    const compared: string[] = [];
    const ownOptimumHigher: string[] = [];
    const noStdErr = new Set<string>();
    tickers.forEach((t, i) => {
      expect(out.status[i], t).toBe(NativeStatus.OK);
      expect(out.nObs[i], t).toBe(ref[t].n_ret);
      const rDefault = ref[t][key];
      expect(out.loglik[i], `${t}: loglik vs R default`).toBeGreaterThanOrEqual(rDefault.loglik - 1e-4);
      const rTight: RFixedFit = ref[t][tight];
      // R reaches our optimum: compare there. Where our loglik is higher R stopped short of it
      // (or, IP (2,2), R's optimum has an MA root on the unit circle -- see docs/arima.md).
      if (rTight.code === 0 && Math.abs(out.loglik[i] - rTight.loglik) < 1e-3) {
        const ours = coefOf(out, i);
        for (const [name, v] of Object.entries(rTight.coef)) {
          expect(Math.abs(ours[name] - v) / rTight.se[name], `${t} ${name}`).toBeLessThan(0.1);
        }
        expect(out.sigma2[i] / rTight.sigma2, `${t} sigma2`).toBeCloseTo(1, 4);
        // predict(fit, n.ahead = 10): means within 0.1 of the forecast s.e., s.e. to 0.1%
        for (let h = 0; h < 10; h++) {
          expect(Math.abs(out.forecastMean[i * 10 + h] - rTight.pred_mean[h]) / rTight.pred_se[h], `${t} mean[${h}]`).toBeLessThan(0.1);
          expect(Math.sqrt(out.forecastVariance[i * 10 + h]) / rTight.pred_se[h], `${t} se[${h}]`).toBeCloseTo(1, 3);
        }
        compared.push(t);
      } else {
        expect(out.loglik[i], `${t}: not at R's tight optimum, so above it`).toBeGreaterThan(rTight.loglik - (t === 'IP' && p === 2 ? 1 : 1e-3));
        ownOptimumHigher.push(t);
      }
      // standard errors: positive, or NaN where the Hessian is not positive definite (IP (2,2):
      // the optimum is at the invertibility boundary)
      for (const [name, se] of Object.entries(coefOf(out, i, out.stdErr))) {
        if (!Number.isNaN(se)) expect(se, `${t} se ${name}`).toBeGreaterThan(0);
        else noStdErr.add(t);
      }
    });
    // most fits land on R's optimum; the rest are higher than it (IP (2,2) is the one exception)
    expect(compared.length, `compared: ${compared.join(' ')}; ours higher: ${ownOptimumHigher.join(' ')}`).toBeGreaterThanOrEqual(p === 1 ? 27 : 20);
    expect([...noStdErr].filter((t) => t !== 'IP')).toEqual([]);
  });
});

describe('auto selection vs forecast::auto.arima (max.p = 3, max.q = 2, max.d = 1, stepwise, approximation = FALSE)', () => {
  it.each([
    { series: 'log returns x 100', data: returns, key: 'auto_ret' as const, ndiffs: 'ndiffs_ret' as const, kpss: 'kpss_ret' as const, allowedWorse: [] as string[] },
    // EK, IP: our stepwise path leaves auto.arima's after a candidate whose optimum differs (docs/arima.md)
    { series: 'log prices', data: logPrices, key: 'auto_lp' as const, ndiffs: 'ndiffs_lp' as const, kpss: 'kpss_lp' as const, allowedWorse: ['EK', 'IP'] },
  ])('$series: AICc <= R + 1e-3 on >= 28/30; KPSS, d as R', async ({ data, key, ndiffs, kpss, allowedWorse }) => {
    const out = await native.arimaBatch(arimaInput(tickers.map((t) => data.get(t)!), { auto: AUTO_BOUNDS, spec: arimaSpec({ p: 0, q: 0 }) }));
    const worse: string[] = [];
    tickers.forEach((t, i) => {
      expect(out.status[i], t).toBe(NativeStatus.OK);
      const r = ref[t][key];
      if (!(out.aicc[i] <= r.aicc + 1e-3)) worse.push(t);
      // ndiffs was run with its default max.d = 2; the search caps d at max.d = 1
      expect(arimaOrderAt(out.order, i).d, `${t} d`).toBe(Math.min(ref[t][ndiffs], 1));
      expect(out.kpssStat[i] / ref[t][kpss], `${t} kpss`).toBeCloseTo(1, 8);
      expect(out.modelsFitted[i]).toBeGreaterThan(4);
      expect(Number.isFinite(out.ljungBoxP[i]) && Number.isFinite(out.jarqueBeraP[i])).toBe(true);
    });
    expect(worse.length, `worse than auto.arima: ${worse.join(' ')}`).toBeLessThanOrEqual(2);
    for (const t of worse) expect(allowedWorse, `unexpected: ${t}`).toContain(t);
  });

  it('reports the same ADF statistic as tseries::adf.test on the returns', async () => {
    const out = await native.arimaBatch(arimaInput(tickers.map((t) => returns.get(t)!), { auto: AUTO_BOUNDS, spec: arimaSpec({ p: 0, q: 0 }), horizon: 1 }));
    tickers.forEach((t, i) => expect(out.adfStat[i] / ref[t].adf_ret, t).toBeCloseTo(1, 8));
  });
});
