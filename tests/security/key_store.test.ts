import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../../src/security/key_store.js';
import { TokenBucket } from '../../src/security/rate_limit.js';
import { tempDir } from './helpers.js';

const silent = pino({ level: 'silent' });

describe('KeyStore (clock injected, so the overlap boundary is exact)', () => {
  it('keeps a rotated-out key for exactly rotationOverlapMs, then refuses it as expired', () => {
    const dir = tempDir('keys');
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'ingest'), 'old-secret-value\n');
    let now = 1_000_000;
    const store = new KeyStore(join(dir, 'keys'), 60_000, silent, () => now);
    expect(store.lookup('old-secret-value')).toEqual({ ok: true, id: 'ingest' });
    writeFileSync(join(dir, 'keys', 'ingest'), 'new-secret-value-longer');
    store.reloadIfChanged();
    expect(store.lookup('new-secret-value-longer')).toEqual({ ok: true, id: 'ingest' });
    now += 59_999; // rotated at 1_000_000: the old value is good until 1_060_000 (exclusive)
    expect(store.lookup('old-secret-value')).toEqual({ ok: true, id: 'ingest' });
    now += 1;
    expect(store.lookup('old-secret-value')).toEqual({ ok: false, reason: 'rotated' });
    expect(store.lookup('new-secret-value-longer')).toEqual({ ok: true, id: 'ingest' });
    expect(store.lookup('never-issued')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('revokes a removed key id at once, and keeps the last good keys when the file turns unreadable', () => {
    const dir = tempDir('keys');
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, 'a: key-aaaaaaaa\nb: key-bbbbbbbb\n');
    const store = new KeyStore(file, 60_000, silent);
    writeFileSync(file, 'a: key-aaaaaaaa\n');
    store.reloadIfChanged();
    expect(store.lookup('key-bbbbbbbb')).toEqual({ ok: false, reason: 'unknown' });
    writeFileSync(file, '- not a mapping\n');
    store.reloadIfChanged();
    expect(store.lookup('key-aaaaaaaa')).toEqual({ ok: true, id: 'a' });
  });
});

describe('TokenBucket', () => {
  it('grants burst calls, then names the wait for the next token: (1 - tokens) / rate', () => {
    const b = new TokenBucket(4, 2, 0); // one token per 250 ms
    expect(b.take(0)).toBe(0);
    expect(b.take(0)).toBe(0);
    expect(b.take(0)).toBe(250);
    expect(b.take(100)).toBe(150); // 0.4 tokens refilled: 0.6 / 4 per s = 150 ms
    expect(b.take(250)).toBe(0);
  });
});
