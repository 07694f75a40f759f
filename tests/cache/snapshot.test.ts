import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheService } from '../../src/cache/service.js';
import { decodeSnapshot, encodeSnapshot, writeSnapshot } from '../../src/cache/snapshot.js';
import type { CacheEntry } from '../../src/cache/entry.js';
import { loadConfig } from '../../src/config/load.js';
import type { Logger } from '../../src/obs/logger.js';

const cfg = loadConfig({ env: {} });
const dir = mkdtempSync(join(tmpdir(), 'tc-snap-'));

function entry(k: number): CacheEntry {
  return {
    key: `T${k}\u0000garch|{}|log_pct|close`, ticker: `T${k}`, model: 'garch', digest: `d${k}`, n: 100 + k, fitN: 100, fittedAtMs: 1.7e12 + k, lastBarMs: 1.7e12,
    clock: 'daily', spec: { vol: 'garch', p: 1, o: 0, q: 1, mean: 'constant', ar: 0, ma: 0, dist: 'normal', init: 'fgarch' },
    params: [0.05, 0.02, 0.08, 0.9, ...new Array(12).fill(Number.NaN)], state: [1, 2, 0.5, -0.5, 1.1, 1.2],
    chainParams: [[0.05, 0.02, 0.08, 0.9, ...new Array(12).fill(Number.NaN)]],
    paramsByName: { mu: 0.05, omega: 0.02, alpha1: 0.08, beta1: 0.9 }, details: { stderr: { mu: 0.01 } },
  };
}

/** A logger that records warnings (the service must warn once and go on). */
function recorder() {
  const warnings: string[] = [];
  const log = { warn: (_o: unknown, msg: string) => warnings.push(msg), info: () => {}, error: () => {} } as unknown as Logger;
  return { log, warnings };
}

describe('cache snapshots', () => {
  it('round-trips entries, NaN slots included, in LRU order', () => {
    const entries = [entry(1), entry(2), entry(3)];
    const back = decodeSnapshot(encodeSnapshot(entries, 123));
    expect('entries' in back).toBe(true);
    const got = (back as { entries: CacheEntry[] }).entries;
    expect(got.map((e) => e.key)).toEqual(entries.map((e) => e.key));
    expect(got[0].params.slice(4).every(Number.isNaN)).toBe(true);
    expect(got[1]).toEqual(entries[1]);
  });

  it('refuses a flipped byte, a truncation, a dropped line, another version and garbage', () => {
    const text = encodeSnapshot([entry(1), entry(2)], 1);
    const cut = text.indexOf('\n');
    const flipped = text.slice(0, cut + 20) + (text[cut + 20] === 'a' ? 'b' : 'a') + text.slice(cut + 21);
    expect(decodeSnapshot(flipped)).toEqual({ problem: 'checksum mismatch (truncated or corrupted)' });
    expect(decodeSnapshot(text.slice(0, text.length - 7))).toEqual({ problem: 'checksum mismatch (truncated or corrupted)' });
    expect('problem' in decodeSnapshot(text.replace('"version":1', '"version":2'))).toBe(true);
    expect(decodeSnapshot('\u0000\u0001 not json')).toEqual({ problem: 'not a tensorcast cache snapshot (header is not JSON)' });
  });

  it('a service loads a written snapshot; a corrupt one is ignored with exactly one warning', async () => {
    const path = join(dir, 'good.snap');
    await writeSnapshot(path, [entry(1), entry(2)], 5);
    const { log, warnings } = recorder();
    const svc = new CacheService({ ...cfg.cache, snapshot: { path, intervalMs: 60_000 } }, log);
    expect(svc.loaded).toBe(2);
    expect(svc.cache.store.get(entry(2).key)?.n).toBe(102);
    await svc.close();
    expect(warnings).toEqual([]);
    // close() rewrote it: still readable, same entries
    expect(decodeSnapshot(readFileSync(path, 'utf8'))).toMatchObject({ entries: [{ ticker: 'T1' }, { ticker: 'T2' }] });

    const bad = join(dir, 'bad.snap');
    writeFileSync(bad, readFileSync(path, 'utf8').slice(0, 200));
    const r = recorder();
    const broken = new CacheService({ ...cfg.cache, snapshot: { path: bad, intervalMs: 60_000 } }, r.log);
    expect(broken.loaded).toBe(0);
    expect(r.warnings).toHaveLength(1);
    await broken.close();
  });
});
