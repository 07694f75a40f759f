import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { runCli } from '../helpers/cli.js';
// @ts-expect-error plain JS module without types
import { readWeights, referenceForecast } from '../neural/reference_mlp.mjs';

const DATA = join(packageRoot(), 'examples/data/dow30_daily_close.csv');
const run = runCli;

describe('tensorcast forecast --model neural', () => {
  it('forecasts the 30 Dow tickers in-process; AA matches the float64 reference forward pass', async () => {
    const { code, stdout } = await run(['forecast', '--input', DATA, '--model', 'neural', '--horizon', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.results).toHaveLength(30);
    const aa = out.results.find((f: { ticker: string }) => f.ticker === 'AA');
    expect(aa).toMatchObject({ model: 'neural', status: 'OK', target: 'close', modelVersion: 'nbeats@1.0.0' });
    expect(out.backend).toMatch(/^tfjs-wasm/);
    // Expected: reference_mlp.mjs on AA's last 64 log returns, lognormal mean of the close by hand.
    const ref = readWeights(join(packageRoot(), 'models/nbeats/1.0.0'));
    const L = ref.net.windowBars;
    const p = readFileSync(DATA, 'utf8').trim().split('\n').filter((l) => l.startsWith('AA,')).map((l) => Number(l.split(',')[2]));
    const r = referenceForecast(ref, p.slice(-L).map((v, i) => 100 * Math.log(v / p[p.length - L - 1 + i])));
    let v = 0;
    for (let k = 0; k < 3; k++) {
      v += r.stepVarPct2[k] / 1e4;
      const expected = p[p.length - 1] * Math.exp(r.cumPct[k] / 100 + v / 2);
      expect(Math.abs(aa.mean[k] - expected)).toBeLessThan(1e-5 * expected);
    }
  });

  it('a horizon past the artifact\'s is a per-ticker error with exit code 3', async () => {
    const { code, stdout } = await run(['forecast', '--input', DATA, '--model', 'neural', '--horizon', '11', '--json']);
    expect(code).toBe(3);
    expect(JSON.parse(stdout).results[0].error).toContain('at most 10 steps');
  });
});
