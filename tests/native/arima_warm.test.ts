/**
 * ARIMA warm starts (arimaBatch warmStart / warmState, native/src/arima/warm.hpp), as backtest
 * origins use them: each ticker's fit on its series without the last 50 bars leaves a table of
 * estimates; the fit on the whole series adds a search started from it to its cold starts, so it is
 * never worse than the cold fit (a warm start alone is: HON's ARMA(1,1) and CAT's ARMA(2,2) land in a
 * worse mode). The warm-started fits must meet the same
 * R references as cold fits (tests/reference/arima_dow30.json, bench/reference/arima_reference.R):
 * log-likelihood >= stats::arima(method = "ML") - 1e-4, and auto selection with AICc no worse than
 * forecast::auto.arima's (+1e-3) on at least 28 of 30 tickers.
 */
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { ARIMA_WARM_ROW } from '../../src/native/arima.js';
import { NativeStatus } from '../../src/native/status.js';
import { AUTO_BOUNDS, arimaInput, arimaReference, arimaSpec, dow30LogPrices, dow30Returns } from './arima_data.js';

const native = loadNative();
const ref = arimaReference();
const returns = dow30Returns();
const logPrices = dow30LogPrices();
const tickers = [...returns.keys()];
const HELD_BACK = 50;

describe('ARIMA warm starts', () => {
  it.each([
    { name: 'ARMA(1,1)', p: 1, q: 1, key: 'arma11' as const },
    { name: 'ARMA(2,2)', p: 2, q: 2, key: 'arma22' as const },
  ])('$name on the returns, warm-started from the fit 50 bars earlier: loglik >= R - 1e-4 on 30/30', async ({ p, q, key }) => {
    const spec = arimaSpec({ p, q });
    const earlier = await native.arimaBatch(arimaInput(tickers.map((t) => returns.get(t)!.slice(0, -HELD_BACK)), { spec, warmState: true }));
    expect(earlier.warmState).toHaveLength(tickers.length * ARIMA_WARM_ROW);
    expect(Array.from(earlier.warmStarted)).toEqual(tickers.map(() => 0));
    const whole = tickers.map((t) => returns.get(t)!);
    const warm = await native.arimaBatch(arimaInput(whole, { spec, warmStart: earlier.warmState }));
    const cold = await native.arimaBatch(arimaInput(whole, { spec }));
    expect(warm.warmState).toHaveLength(0);
    tickers.forEach((t, i) => {
      expect(warm.status[i], t).toBe(NativeStatus.OK);
      expect(warm.loglik[i], `${t}: warm loglik vs R`).toBeGreaterThanOrEqual(ref[t][key].loglik - 1e-4);
      expect(warm.loglik[i], `${t}: warm loglik vs cold`).toBeGreaterThanOrEqual(cold.loglik[i] - 1e-9 * Math.abs(cold.loglik[i]));
      expect(warm.warmStarted[i], t).toBe(1);
      expect(cold.warmStarted[i], t).toBe(0);
    });
  });

  it.each([
    { series: 'log returns x 100', data: returns, key: 'auto_ret' as const, allowedWorse: [] as string[] },
    { series: 'log prices', data: logPrices, key: 'auto_lp' as const, allowedWorse: ['EK', 'IP'] },
  ])('auto on the $series, every candidate looked up: AICc <= auto.arima + 1e-3 on >= 28/30', async ({ data, key, allowedWorse }) => {
    const opts = { auto: AUTO_BOUNDS, spec: arimaSpec({ p: 0, q: 0 }) };
    const earlier = await native.arimaBatch(arimaInput(tickers.map((t) => data.get(t)!.slice(0, -HELD_BACK)), { ...opts, warmState: true }));
    const warm = await native.arimaBatch(arimaInput(tickers.map((t) => data.get(t)!), { ...opts, warmStart: earlier.warmState, warmState: true }));
    const worse: string[] = [];
    let warmStarted = 0;
    tickers.forEach((t, i) => {
      expect(warm.status[i], t).toBe(NativeStatus.OK);
      if (!(warm.aicc[i] <= ref[t][key].aicc + 1e-3)) worse.push(t);
      warmStarted += warm.warmStarted[i];
      expect(warm.warmStarted[i], t).toBeLessThanOrEqual(warm.modelsFitted[i]);
    });
    expect(worse.length, `worse than auto.arima: ${worse.join(' ')}`).toBeLessThanOrEqual(2);
    for (const t of worse) expect(allowedWorse, `unexpected: ${t}`).toContain(t);
    // the 50-bar-shorter series mostly keep d (T does not), so most candidates find their entry
    const fitted = Array.from(warm.modelsFitted).reduce((a, b) => a + b, 0);
    expect(warmStarted / fitted).toBeGreaterThan(0.75);
  });

  it('a table of nonsense (non-stationary, huge, or another model) is harmless: the cold starts still win and equal R', async () => {
    const spec = arimaSpec({ p: 1, q: 1 });
    const earlier = await native.arimaBatch(arimaInput(tickers.map((t) => returns.get(t)!), { spec, warmState: true }));
    const junk = Float64Array.from(earlier.warmState);
    // entry 0 of every row is the ARMA(1,1) + mean estimate: [key, ar1, ma1, intercept, ...]
    for (let i = 0; i < tickers.length; i++) {
      const row = i * ARIMA_WARM_ROW;
      if (i % 3 === 0) junk[row + 1] = 5; // explosive AR: no search coordinates, cold
      if (i % 3 === 1) junk[row + 3] = 1e300; // absurd intercept: the warm search fails or loses
      if (i % 3 === 2) junk[row] = 999; // a key no model has: cold
    }
    const out = await native.arimaBatch(arimaInput(tickers.map((t) => returns.get(t)!), { spec, warmStart: junk }));
    tickers.forEach((t, i) => {
      expect(out.status[i], t).toBe(NativeStatus.OK);
      expect(out.loglik[i], t).toBeGreaterThanOrEqual(ref[t].arma11.loglik - 1e-4);
      if (i % 3 !== 1) expect(out.warmStarted[i], t).toBe(0);
    });
  });

  it('rejects a warmStart of the wrong length or type, naming it', async () => {
    const input = arimaInput([returns.get(tickers[0])!]);
    await expect(native.arimaBatch({ ...input, warmStart: new Float64Array(3) })).rejects.toThrow(/warmStart must hold 320 values, got 3/);
    await expect(native.arimaBatch({ ...input, warmState: 1 as never })).rejects.toThrow(/warmState must be a boolean/);
  });
});
