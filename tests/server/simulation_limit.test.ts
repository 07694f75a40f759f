import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { Runtime } from '../../src/service/runtime.js';
import { validateJob } from '../../src/server/validate.js';

const cfg = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, limits: { maxSimulationDrawsPerSeries: 1_000_000 } } });
const runtime = new Runtime(cfg);
const series = [{ ticker: 'X', timestampsMs: new Float64Array(0), columns: { close: Float64Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i)) } }];
const job = (model: object, horizonBars: number) => () => validateJob({ models: [model as { name: string }], horizonBars }, cfg, runtime.models, { kind: 'messages', series });

describe('limits.maxSimulationDrawsPerSeries', () => {
  it('bounds paths x horizon for the simulating models only', async () => {
    // 10,000 x 101 = 1,010,000 > 1,000,000; 10,000 x 100 is exactly the limit
    expect(job({ name: 'egarch', paths: 10_000 }, 101)).toThrow(/10000 paths x horizon_bars 101 is more than limits.maxSimulationDrawsPerSeries=1000000/);
    expect(job({ name: 'egarch', paths: 10_000 }, 100)).not.toThrow();
    expect(job({ name: 'aparch', paths: 10_000 }, 101)).toThrow(/maxSimulationDrawsPerSeries/);
    // aparch with delta fixed at 2 and garch forecast analytically: paths is not drawn
    expect(job({ name: 'aparch', delta: 2, paths: 10_000 }, 101)).not.toThrow();
    expect(job({ name: 'garch', paths: 10_000 }, 101)).not.toThrow();
    await runtime.close();
  });
});
