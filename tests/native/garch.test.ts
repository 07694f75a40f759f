import { describe, it, expect } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { GARCH_MAX_PARAMS, type GarchBatchOutput } from '../../src/native/garch.js';
import { dem2gbp, dow30Returns, garchInput, garchSpec } from './garch_data.js';
import { rng, row } from './pack.js';

const native = loadNative();
const SLOTS = GARCH_MAX_PARAMS;

/** |a - b| / |b| */
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Every per-series output row of series i, keyed by field. */
function seriesRow(out: GarchBatchOutput, i: number, horizon: number, levels: number, nq: number) {
  return {
    params: row(out.params, i, SLOTS),
    stdErr: row(out.stdErr, i, SLOTS),
    stdErrRobust: row(out.stdErrRobust, i, SLOTS),
    scalars: [out.loglik, out.aic, out.bic, out.persistence, out.uncondVariance].map((a) => a[i]),
    codes: [out.converged, out.reason, out.iterations, out.nObs, out.chosenP, out.chosenQ].map((a) => a[i]),
    forecastMean: row(out.forecastMean, i, horizon),
    forecastVariance: row(out.forecastVariance, i, horizon),
    valueAtRisk: row(out.valueAtRisk, i, levels),
    expectedShortfall: row(out.expectedShortfall, i, levels),
    quantiles: row(out.quantiles, i, nq),
  };
}

/** A GARCH(1,1) path with normal shocks (omega 0.05, alpha 0.08, beta 0.9), deterministic by seed. */
function simulateGarch(n: number, seed: number): number[] {
  const u = rng(seed);
  const x: number[] = [];
  let h = 0.05 / (1 - 0.98);
  let e = 0;
  for (let t = 0; t < n; t++) {
    h = 0.05 + 0.08 * e * e + 0.9 * h;
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    e = Math.sqrt(h) * z;
    x.push(0.03 + e);
  }
  return x;
}

describe('FCP benchmark through garchBatch', () => {
  // Independent source: the FCP GARCH(1,1) benchmark on the Bollerslev–Ghysels DEM/GBP returns
  // (Fiorentini, Calzolari & Panattoni 1996; table values in McCullough & Renfro 1999), constant
  // mean, normal, sample-variance pre-sample start; estimates to 1e-6 relative, Hessian SEs to 3
  // significant digits.
  it('reproduces the published estimates, log-likelihood and standard errors', async () => {
    const out = await native.garchBatch(garchInput([dem2gbp()], { spec: garchSpec({ init: 'sample' }) }));
    expect(native.garchParamNames(garchSpec({ init: 'sample' }))).toEqual(['mu', 'omega', 'alpha1', 'beta1']);
    const estimates = [-0.00619040838, 0.010761397852, 0.15313406182, 0.805973670305];
    const stdErrs = [0.00846212, 0.00285271, 0.0265228, 0.0335527];
    expect(out.converged[0]).toBe(1);
    expect(out.nObs[0]).toBe(1974);
    estimates.forEach((b, j) => expect(relErr(out.params[j], b)).toBeLessThanOrEqual(1e-6));
    expect(relErr(out.loglik[0], -1106.607881041)).toBeLessThanOrEqual(1e-6);
    stdErrs.forEach((b, j) => expect(out.stdErr[j].toPrecision(3)).toBe(b.toPrecision(3)));
    expect(row(out.params, 0, SLOTS).slice(4).every(Number.isNaN)).toBe(true);
    // The 2.5% / 97.5% standard-normal quantiles (tables: +-1.959964).
    expect(out.quantiles[0]).toBeCloseTo(-1.959964, 6);
    expect(out.quantiles[1]).toBeCloseTo(1.959964, 6);
    // One-step normal VaR / ES at 1%: z = 2.326348 and phi(z) / 0.01 = 2.665214 (normal tables).
    const mu = out.forecastMean[0];
    const sd = Math.sqrt(out.forecastVariance[0]);
    expect(out.valueAtRisk[0]).toBeCloseTo(-mu + 2.326348 * sd, 5);
    expect(out.expectedShortfall[0]).toBeCloseTo(-mu + 2.665214 * sd, 5);
  });
});

describe('garchBatch batching', () => {
  it('gives several series of different lengths in one call the results they get one at a time', async () => {
    // Independent check: each series fitted alone. Analytic forecasts only (garch), since the
    // simulation key of a series includes its index in the batch.
    const dem = dem2gbp();
    const dow = dow30Returns();
    const series = [dem.slice(0, 600), dow.get('AA')!, dem, [1, 2, 3], dow.get('IBM')!.slice(0, 1500)];
    const overrides = { spec: garchSpec({ dist: 't' }) };
    const together = await native.garchBatch(garchInput(series, overrides));
    for (let i = 0; i < series.length; i++) {
      const alone = await native.garchBatch(garchInput([series[i]], overrides));
      expect(seriesRow(together, i, 10, 2, 2)).toEqual(seriesRow(alone, 0, 10, 2, 2));
    }
    expect(together.reason[3]).toBe(5); // too short
  });

  it.each(['bic', 'aic'] as const)('selects by %s the order with the lowest criterion of the four fitted separately', async (select) => {
    // Independent check: the four (p, q) fits one at a time, compared by their own criterion.
    const dow = dow30Returns();
    const series = [dem2gbp(), ...['AA', 'GE', 'HWP', 'KO', 'XOM'].map((t) => dow.get(t)!)];
    const spec = garchSpec({ vol: 'gjr', o: 1, dist: 't' });
    const chosen = await native.garchBatch(garchInput(series, { spec, select }));
    const orders = [[1, 1], [1, 2], [2, 1], [2, 2]] as const;
    const separate = await Promise.all(
      orders.map(([p, q]) => native.garchBatch(garchInput(series, { spec: { ...spec, p, q, o: Math.min(1, p) } }))),
    );
    const criterion = (out: GarchBatchOutput) => (select === 'bic' ? out.bic : out.aic);
    for (let i = 0; i < series.length; i++) {
      const candidates = orders
        .map((_, c) => ({ c, value: criterion(separate[c])[i], converged: separate[c].converged[i] }))
        .filter((x) => Number.isFinite(x.value));
      const pool = candidates.some((x) => x.converged) ? candidates.filter((x) => x.converged) : candidates;
      const best = pool.reduce((a, b) => (b.value < a.value ? b : a));
      expect([chosen.chosenP[i], chosen.chosenQ[i]]).toEqual([...orders[best.c]]);
      // Every output, chosenP/chosenQ included, is that of the separate fit.
      expect(seriesRow(chosen, i, 10, 2, 2)).toEqual(seriesRow(separate[best.c], i, 10, 2, 2));
    }
  });
});

describe('garchBatch on degenerate inputs', () => {
  const base = dem2gbp().slice(0, 500);
  const inputs: Record<string, number[]> = {
    constant: new Array(500).fill(3.5),
    zeros: new Array(500).fill(0),
    'five points': [1, -1, 2, 0.5, -0.3],
    empty: [],
    'a 1e6 outlier': base.map((v, t) => (t === 250 ? 1e6 : v)),
    'values near 1e200': base.map((v) => v * 1e200),
    'values near 1e-200': base.map((v) => v * 1e-200),
    'a NaN': base.map((v, t) => (t === 3 ? NaN : v)),
    'an Infinity': base.map((v, t) => (t === 3 ? Infinity : v)),
    'mostly zeros': base.map((v, t) => (t % 50 === 0 ? v : 0)),
  };
  const names = Object.keys(inputs);
  const specs = [
    garchSpec(),
    garchSpec({ vol: 'gjr', o: 1, dist: 't' }),
    garchSpec({ vol: 'aparch', dist: 'sstd' }),
    garchSpec({ vol: 'egarch', dist: 'ged' }),
  ];

  it.each(specs.map((s) => [`${s.vol}/${s.dist}`, s] as const))('%s: a reason for every series, no crash, no Infinity', async (_, spec) => {
    // Expected by the contract (src/native/garch.ts): a series without a finite fit is not
    // converged, carries a failure reason (4 no finite start, 5 too short, 7 non-finite or
    // degenerate data) and NaN everywhere; nothing is ever +-Infinity.
    for (const select of ['none', 'bic'] as const) {
      const out = await native.garchBatch(garchInput(Object.values(inputs), { spec, select }));
      for (const [field, value] of Object.entries(out)) {
        if (typeof value === 'number') continue;
        expect([...value].some((v) => v === Infinity || v === -Infinity), field).toBe(false);
      }
      names.forEach((name, i) => {
        const r = seriesRow(out, i, 10, 2, 2);
        if (Number.isNaN(out.loglik[i])) {
          expect(out.converged[i], name).toBe(0);
          expect([4, 5, 7, 9], name).toContain(out.reason[i]);
          expect([...r.params, ...r.forecastMean, ...r.forecastVariance, ...r.valueAtRisk, ...r.quantiles].every(Number.isNaN), name).toBe(true);
        } else if (out.converged[i] === 1) {
          expect([...r.forecastVariance, ...r.valueAtRisk].every(Number.isFinite), name).toBe(true);
        }
      });
      expect(out.reason[names.indexOf('five points')]).toBe(5);
      expect(out.reason[names.indexOf('empty')]).toBe(5);
      expect(out.reason[names.indexOf('a NaN')]).toBe(7);
      expect(out.reason[names.indexOf('constant')]).toBe(9);
    }
  });
});

describe('garchBatch runs off the event loop', () => {
  it('keeps timers firing during a batch of 300 series x 2,500 points', async () => {
    // Expected: if the fits ran on the JS thread, no timer could fire until they were done, so the
    // longest gap between ticks would be the whole batch.
    const series = Array.from({ length: 300 }, (_, i) => simulateGarch(2500, i + 1));
    const input = garchInput(series);
    let ticks = 0;
    let last = performance.now();
    let longestGapMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      ticks++;
    }, 1);
    const started = performance.now();
    const pending = native.garchBatch(input);
    const returnedAfterMs = performance.now() - started;
    last = performance.now();
    const out = await pending;
    const wallMs = performance.now() - started;
    clearInterval(timer);
    expect(out.converged.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(290);
    expect(returnedAfterMs).toBeLessThan(wallMs / 4);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(longestGapMs).toBeLessThan(wallMs / 2);
  });
});
