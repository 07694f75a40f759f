import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { planOrigins } from '../../src/evaluate/origins.js';
import { Runtime } from '../../src/service/runtime.js';
import { validateJob } from '../../src/server/validate.js';
import { dowSeries } from '../helpers/server.js';
import type { ArimaFitStats } from '../../src/models/model.js';

// Backtest windows fitted with each origin warm-started from the previous one ("origins") against
// every window fitted cold ("bypass"): the same optimum (log-likelihood within 1e-6, or higher), fewer iterations.
const cfg = loadConfig({ env: {}, overrides: { log: { level: 'silent' } } });
const runtime = new Runtime(cfg);
afterAll(() => runtime.close());
const raw = (count: number, points: number) =>
  dowSeries(count, points).map((s) => ({ ticker: s.ticker, timestampsMs: new Float64Array(0), columns: { close: Float64Array.from(s.close) } }));

/** Every window of `origins` expanding origins (step 10, horizon 10) fitted cold ("bypass") and warm-started ("origins"). */
async function coldAndWarm(name: string, fields: Record<string, unknown>, tickers: number, points: number, origins: number) {
  const job = validateJob({ models: [{ name, ...fields } as { name: string }], horizonBars: 10 }, cfg, runtime.models, { kind: 'messages', series: raw(tickers, points) });
  const batch = await runtime.engine.prepare(job, { decodeMs: 0, preprocessMs: 0, queueMs: 0, computeMs: 0, encodeMs: 0 });
  const plan = planOrigins(batch, { window: 'expanding', windowBars: 0, firstOrigin: 0, stepBars: 10, horizonBars: 10, origins });
  const model = runtime.models.get(name)!;
  const run = (cache: string) => model.run({ batch: plan.batch, options: model.optionsSchema.parse({ ...fields, cache }), horizonBars: 10, levels: [0.9] });
  return { plan, cold: await run('bypass'), warm: await run('origins') };
}

describe('warm-started backtest origins', () => {
  it('GARCH(1,1) on 8 Dow tickers x 10 origins', async () => {
    const { plan, cold, warm } = await coldAndWarm('garch', { noFallback: true }, 8, 1500, 10);
    let coldIt = 0;
    let warmIt = 0;
    let warmed = 0;
    plan.windows.forEach((_, j) => {
      const a = cold.details![j]!.fit!;
      const b = warm.details![j]!.fit!;
      expect(b.loglik).toBeGreaterThan(a.loglik - 1e-6);
      coldIt += a.iterations;
      warmIt += b.iterations;
      if (warm.details![j]!.cache!.path === 'warm') warmed++;
    });
    expect(warmed).toBe(8 * 9); // every origin after each ticker's first
    expect(warmIt).toBeLessThan(coldIt);
  });

  it('auto ARIMA on 6 Dow tickers x 5 origins: every candidate of a later origin also starts from the previous origin\'s estimate', async () => {
    const { plan, cold, warm } = await coldAndWarm('arima', { auto: true }, 6, 1200, 5);
    let warmed = 0;
    plan.windows.forEach((_, j) => {
      const a = cold.details![j]!.fit! as ArimaFitStats;
      const b = warm.details![j]!.fit! as ArimaFitStats;
      // the warm start is one more start, so the chosen model's criterion is never worse
      expect(b.aicc).toBeLessThanOrEqual(a.aicc + 1e-9 * Math.abs(a.aicc));
      const info = warm.details![j]!.cache!;
      if (info.path === 'warm') {
        warmed++;
        expect(info.reason).toMatch(/^backtest origin [2-5], warm-started from origin [1-4] \(\d+ of \d+ candidate fits started warm\)$/);
      }
    });
    expect(warmed).toBe(6 * 4);
  });

  it('the edge refuses cache "origins" from clients', () => {
    expect(() => validateJob({ models: [{ name: 'garch', cache: 'origins' } as { name: string }], horizonBars: 1 }, cfg, runtime.models, { kind: 'messages', series: raw(1, 100) })).toThrow(/what Evaluate uses internally/);
  });
});
