import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Two CLI runs share a cache snapshot: the second sees the CSV one bar longer. The expected
// one-step variance is the GARCH(1,1) recursion evaluated by hand from the first run's output.
const dir = mkdtempSync(join(tmpdir(), 'tc-cli-cache-'));
const rows = readFileSync(new URL('../../examples/data/dow30_daily_close.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .filter((l, k) => k === 0 || l.startsWith('IBM,'));
const csv = (n: number) => rows.slice(0, n + 1).join('\n') + '\n';

describe('tensorcast fit --cache-snapshot', () => {
  it('fits cold, then takes the incremental path on a CSV one bar longer', async () => {
    const snap = join(dir, 'fits.snap');
    const data = join(dir, 'ibm.csv');
    writeFileSync(data, csv(1200));
    const first = await runCli(['fit', '--input', data, '--model', 'garch', '--horizon', '2', '--json', '--cache-snapshot', snap]);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout).results[0];
    expect(a.cache.path).toBe('cold');
    writeFileSync(data, csv(1201));
    const second = await runCli(['fit', '--input', data, '--model', 'garch', '--horizon', '2', '--json', '--cache-snapshot', snap]);
    expect(second.code, second.stderr).toBe(0);
    const b = JSON.parse(second.stdout).results[0];
    expect(b.cache).toMatchObject({ path: 'incremental', bars_since_fit: 1 });
    const close = rows.slice(1200, 1202).map((l) => Number(l.split(',')[2]));
    const eps = 100 * Math.log(close[1] / close[0]) - a.params.mu;
    const sigma2 = a.params.omega + a.params.alpha1 * eps * eps + a.params.beta1 * a.forecast.variance[0];
    expect(Math.abs(b.forecast.variance[0] - sigma2) / sigma2).toBeLessThan(1e-12);
    const refit = await runCli(['fit', '--input', data, '--model', 'garch', '--json', '--cache-snapshot', snap, '--cache', 'refit']);
    expect(JSON.parse(refit.stdout).results[0].cache.path).toBe('warm');
  });

  it('names a bad --cache value', async () => {
    const r = await runCli(['fit', '--input', join(dir, 'ibm.csv'), '--cache', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cache: expected default, refit, bypass, got sometimes/);
  });
});
