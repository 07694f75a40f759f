import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { failure, healthCheck, smallForecast, startCapturedServer, tempDir, type CapturedServer } from './helpers.js';

// Key values are long random-looking strings so that a leak into logs or details is unambiguous.
const KEYS = {
  ingest: 'tc_live_9f2c4e71a0b84d55b3e6c1d2f7a8e903',
  reader: 'tc_live_reader_5d1e8a7c3b2f4e6a9c0d1e2f3a4b5c6d',
  old: 'tc_live_expired_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  slow: 'tc_live_slow_11112222333344445555666677778888',
};
const ROTATED = 'tc_live_rotated_aa55bb66cc77dd88ee99ff00aa11bb22';

describe('API keys through the real server', () => {
  let s: CapturedServer;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('apikeys');
    mkdirSync(join(dir, 'secrets'));
    for (const [id, key] of Object.entries(KEYS)) writeFileSync(join(dir, 'secrets', id), `${key}\n`);
    s = await startCapturedServer({
      security: {
        apiKeys: {
          enabled: true,
          path: join(dir, 'secrets'),
          rotationOverlapMs: 3_600_000,
          reloadIntervalMs: 100,
          policies: {
            reader: { methods: ['GetCapabilities'] },
            old: { expiresAt: '2020-01-01T00:00:00Z' },
            // 0.001/s: after the burst of 2 the next token is 1000 s away.
            slow: { ratePerSecond: 0.001, burst: 2 },
          },
        },
      },
    });
  });
  afterAll(() => s.stop());

  it('answers a call with a valid key', async () => {
    const res = await s.client({ apiKey: KEYS.ingest }).forecast(smallForecast());
    expect(res.forecasts).toHaveLength(2);
  });

  it('refuses a missing or unknown key with UNAUTHENTICATED', async () => {
    const missing = await failure(s.client().capabilities());
    expect(missing.code).toBe(status.UNAUTHENTICATED);
    expect(missing.details).toMatch(/missing API key.*x-api-key/);
    const unknown = await failure(s.client({ apiKey: 'tc_live_not_a_real_key_000000000000' }).capabilities());
    expect(unknown.code).toBe(status.UNAUTHENTICATED);
    expect(unknown.details).toBe('unknown API key');
  });

  it('refuses a key past its expiresAt with UNAUTHENTICATED naming the key id', async () => {
    const f = await failure(s.client({ apiKey: KEYS.old }).capabilities());
    expect(f.code).toBe(status.UNAUTHENTICATED);
    expect(f.details).toBe('API key "old" expired at 2020-01-01T00:00:00Z');
  });

  it('answers PERMISSION_DENIED for a valid key outside its method scope', async () => {
    const reader = s.client({ apiKey: KEYS.reader });
    await expect(reader.capabilities()).resolves.toBeDefined();
    const f = await failure(reader.forecast(smallForecast()));
    expect(f.code).toBe(status.PERMISSION_DENIED);
    expect(f.details).toMatch(/"reader" may not call tensorcast\.v1\.ForecastService\/Forecast \(allowed: GetCapabilities\)/);
  });

  it('rate-limits per key: burst 2, then RESOURCE_EXHAUSTED with the wait to the next token', async () => {
    const c = s.client({ apiKey: KEYS.slow });
    await c.capabilities();
    await c.capabilities();
    const f = await failure(c.capabilities());
    expect(f.code).toBe(status.RESOURCE_EXHAUSTED);
    // A token every 1 / 0.001 = 1000 s; at most a few ms of refill have happened since the burst.
    const retryMs = Number(f.metadata.get('retry-after-ms')[0]);
    expect(retryMs).toBeGreaterThan(990_000);
    expect(retryMs).toBeLessThanOrEqual(1_000_000);
    // Other keys have their own buckets.
    await expect(s.client({ apiKey: KEYS.ingest }).capabilities()).resolves.toBeDefined();
  });

  it('leaves the health check open without a key', async () => {
    await expect(healthCheck(s.address)).resolves.toBe('SERVING');
  });

  it('requires a key for reflection', async () => {
    const raw = new Client(s.address, credentials.createInsecure());
    const call = raw.makeBidiStreamRequest('/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo', (b: Buffer) => b, (b: Buffer) => b, new Metadata());
    const code = await new Promise<number>((ok) => {
      call.on('error', (e: { code: number }) => ok(e.code));
      call.on('data', () => undefined);
      call.end();
    });
    raw.close();
    expect(code).toBe(status.UNAUTHENTICATED);
  });

  it('picks up a rotated key without restart; the old value still works within the overlap', async () => {
    const tmp = join(dir, 'ingest.tmp');
    writeFileSync(tmp, ROTATED);
    renameSync(tmp, join(dir, 'secrets', 'ingest'));
    await vi.waitFor(() => s.client({ apiKey: ROTATED }).capabilities(), { timeout: 10_000, interval: 100 });
    await expect(s.client({ apiKey: KEYS.ingest }).capabilities()).resolves.toBeDefined();
    expect(s.logs.some((l) => l.includes('API keys reloaded') && l.includes('"rotated":["ingest"]'))).toBe(true);
  });

  it('never writes key material to the logs or error details', async () => {
    await failure(s.client({ apiKey: `${KEYS.ingest}x` }).capabilities());
    const text = s.logs.join('\n');
    expect(text).toContain('API keys loaded'); // the capture works
    for (const key of [...Object.values(KEYS), ROTATED, `${KEYS.ingest}x`]) {
      expect(text).not.toContain(key);
      // nor a recognisable fragment of it
      expect(text).not.toContain(key.slice(-16));
    }
  });
});

describe('API keys with no rotation overlap', () => {
  it('refuses the old value as soon as the new one is loaded', async () => {
    const dir = tempDir('apikeys0');
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, `svc: ${KEYS.ingest}\n`);
    const s = await startCapturedServer({ security: { apiKeys: { enabled: true, path: file, rotationOverlapMs: 0, reloadIntervalMs: 100 } } });
    try {
      await s.client({ apiKey: KEYS.ingest }).capabilities();
      writeFileSync(file, `svc: ${ROTATED}\n`);
      await vi.waitFor(() => s.client({ apiKey: ROTATED }).capabilities(), { timeout: 10_000, interval: 100 });
      const f = await failure(s.client({ apiKey: KEYS.ingest }).capabilities());
      expect(f.code).toBe(status.UNAUTHENTICATED);
      expect(f.details).toMatch(/rotated out/);
    } finally {
      await s.stop();
    }
  });
});
