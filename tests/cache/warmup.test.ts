import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';

// A warm-up list fitted at start-up: the first call with the same data is served from the cache
// (incremental, 0 bars since the fit), so no fit ran for it.
const dir = mkdtempSync(join(tmpdir(), 'tc-warmup-'));
const rows = readFileSync(new URL('../../examples/data/dow30_daily_close.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .filter((l, k) => k === 0 || l.startsWith('AA,') || l.startsWith('KO,'));

describe('cache warm-up list', () => {
  it('fits the listed models at start-up', async () => {
    const file = join(dir, 'warm.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const ts = await startTestServer({ cache: { warmup: { file, models: [{ name: 'garch' }] } } });
    try {
      expect(ts.server.runtime.cache!.cache.store.size).toBe(2);
      const series = ['AA', 'KO'].map((t) => {
        const mine = rows.filter((l) => l.startsWith(`${t},`)).map((l) => l.split(','));
        return { ticker: t, timestampsMs: mine.map((r) => Date.parse(`${r[1]}T00:00:00Z`)), close: mine.map((r) => Number(r[2])) };
      });
      const res = await ts.client.forecast({ series, models: [{ name: 'garch' }], horizonBars: 2 });
      for (const f of res.forecasts) expect(f.cache).toMatchObject({ path: 'incremental', barsSinceFit: 0 });
    } finally {
      await ts.stop();
    }
  });

  it('an unreadable warm-up file is skipped: the server starts with an empty cache', async () => {
    const ts = await startTestServer({ cache: { warmup: { file: join(dir, 'missing.csv'), models: [{ name: 'garch' }] } } });
    try {
      expect(ts.server.runtime.cache!.cache.store.size).toBe(0);
    } finally {
      await ts.stop();
    }
  });
});
