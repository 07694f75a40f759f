/**
 * Automatic seasonal difference D through the addon against forecast 8.20
 * (tests/reference/arima_ocsb.json, written by bench/reference/arima_ocsb_reference.R): R's classic
 * seasonal datasets (AirPassengers, co2, UKgas, ...) and Dow aggregates (monthly / quarterly log
 * closes, monthly returns, daily returns with S = 5). One native call per period.
 *  - OCSB statistic = forecast's ocsb.test to 1e-8, same critical value and AR lag;
 *  - D = nsdiffs(test = "ocsb"), d = ndiffs on the seasonally differenced series (max.d = 1);
 *  - AICc no worse than auto.arima(seasonal.test = "ocsb")'s chosen model (+1e-3), R's model
 *    evaluated with exact differencing (kappa = 1e10) as ours.
 */
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { arimaOrderAt } from '../../src/native/arima.js';
import { NativeStatus } from '../../src/native/status.js';
import { arimaInput, arimaOcsbReference, arimaSpec, SEASONAL_AUTO_BOUNDS } from './arima_data.js';

const native = loadNative();
const ref = arimaOcsbReference();
const names = Object.keys(ref);
const periods = [...new Set(names.map((n) => ref[n].period))].sort((a, b) => a - b);

describe('seasonal D by the OCSB test vs forecast::nsdiffs(test = "ocsb") and auto.arima(seasonal.test = "ocsb")', () => {
  it('covers classic seasonal data and non-seasonal series', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(names.filter((n) => ref[n].nsdiffs === 1).length).toBeGreaterThanOrEqual(4);
    expect(periods).toEqual([4, 5, 12]);
  });

  it.each(periods)('period %i: OCSB statistic, lag, D and d equal R; AICc no worse than auto.arima', async (S) => {
    const group = names.filter((n) => ref[n].period === S);
    const out = await native.arimaBatch(
      arimaInput(
        group.map((n) => ref[n].x),
        { spec: arimaSpec({ p: 0, q: 0, period: S }), auto: SEASONAL_AUTO_BOUNDS, horizon: 2 * S },
      ),
    );
    const worse: string[] = [];
    group.forEach((name, i) => {
      const r = ref[name];
      expect(out.status[i], name).toBe(NativeStatus.OK);
      expect(Math.abs(out.ocsbStat[i] - r.ocsb_stat), `${name} ocsb statistic`).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(r.ocsb_stat)));
      expect(out.ocsbCrit[i], `${name} critical value`).toBeCloseTo(r.ocsb_crit, 12);
      expect(out.ocsbLag[i], `${name} lag`).toBe(r.ocsb_lag);
      const order = arimaOrderAt(out.order, i);
      // a non-seasonal choice reports period 1 and D = 0
      expect(order.seasonalD, `${name} D`).toBe(r.nsdiffs);
      expect(order.seasonalD, `${name} D vs auto.arima`).toBe(r.auto.seasonal_order[1]);
      expect(order.d, `${name} d`).toBe(Math.min(r.ndiffs, 1));
      if (!(out.aicc[i] <= r.auto.aicc_exact + 1e-3)) worse.push(name);
      expect(Number.isFinite(out.forecastMean[i * 2 * S]) && Number.isFinite(out.forecastVariance[(i + 1) * 2 * S - 1])).toBe(true);
    });
    expect(worse, 'AICc above auto.arima').toEqual([]);
  });

  it('a given seasonal D is kept: D = 1 on monthly returns (OCSB says 0), OCSB still reported', async () => {
    const name = 'AA_monthly_return';
    const r = ref[name];
    expect(r.nsdiffs).toBe(0);
    const out = await native.arimaBatch(
      arimaInput([r.x], { spec: arimaSpec({ p: 0, q: 0, seasonalD: 1, period: 12 }), auto: { ...SEASONAL_AUTO_BOUNDS, chooseSeasonalD: false }, horizon: 3 }),
    );
    expect(out.status[0]).toBe(NativeStatus.OK);
    expect(arimaOrderAt(out.order, 0).seasonalD).toBe(1);
    expect(out.ocsbStat[0]).toBeCloseTo(r.ocsb_stat, 8);
  });

  it('fixed orders with a period report the OCSB statistic too; non-seasonal series report NaN', async () => {
    const name = 'AirPassengers';
    const r = ref[name];
    const seasonal = await native.arimaBatch(arimaInput([r.x], { spec: arimaSpec({ p: 0, d: 1, q: 1, seasonalD: 1, seasonalQ: 1, period: 12, constant: false }), horizon: 3 }));
    expect(seasonal.status[0]).toBe(NativeStatus.OK);
    expect(seasonal.ocsbStat[0]).toBeCloseTo(r.ocsb_stat, 8);
    const plain = await native.arimaBatch(arimaInput([r.x], { spec: arimaSpec({ p: 1, d: 1, q: 0 }), horizon: 3 }));
    expect(plain.status[0]).toBe(NativeStatus.OK);
    expect(Number.isNaN(plain.ocsbStat[0])).toBe(true);
  });
});
