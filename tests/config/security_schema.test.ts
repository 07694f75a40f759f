import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';

const load = (security: Record<string, unknown>) => loadConfig({ env: {}, overrides: { security } });

describe('security.* validation', () => {
  it('defaults to explicit plaintext with keys and audit off', () => {
    const s = loadConfig({ env: {} }).security;
    expect([s.plaintext, s.tls.certPath, s.apiKeys.enabled, s.audit.enabled]).toEqual([true, null, false, false]);
  });

  it('refuses neither plaintext nor TLS, and both', () => {
    expect(() => load({ plaintext: false })).toThrow(/security\.plaintext: set either security\.plaintext: true or security\.tls\.certPath/);
    expect(() => load({ tls: { certPath: '/c.pem', keyPath: '/k.pem' } })).toThrow(/security\.plaintext/);
  });

  it('names the missing partner key', () => {
    expect(() => load({ plaintext: false, tls: { certPath: '/c.pem' } })).toThrow(/security\.tls\.certPath: certPath and keyPath must be set together/);
    expect(() => load({ plaintext: false, tls: { certPath: '/c.pem', keyPath: '/k.pem', requireClientCert: true } })).toThrow(/requireClientCert needs caPath/);
    expect(() => load({ apiKeys: { enabled: true } })).toThrow(/security\.apiKeys\.path: apiKeys\.enabled needs apiKeys\.path/);
    expect(() => load({ audit: { enabled: true, path: '/a', anonymise: true } })).toThrow(/anonymiseKeyPath/);
    expect(() => load({ apiKeys: { policies: { a: { expiresAt: 'next week' } } } })).toThrow(/security\.apiKeys\.policies\.a\.expiresAt/);
  });
});
