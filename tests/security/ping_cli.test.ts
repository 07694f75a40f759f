import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startCapturedServer, tempDir, TestPki, type CapturedServer } from './helpers.js';

const KEY = 'tc_cli_key_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('tensorcast ping against an mTLS + API key server', () => {
  let s: CapturedServer;
  let pki: TestPki;

  beforeAll(async () => {
    pki = new TestPki(tempDir('cli-pki')).ca('ca').leaf('server', 'ca', 'serverAuth').leaf('client', 'ca', 'clientAuth');
    writeFileSync(pki.path('keys.yaml'), `cli: ${KEY}\n`);
    writeFileSync(pki.path('cli.key-value'), `${KEY}\n`);
    s = await startCapturedServer({
      security: {
        plaintext: false,
        tls: { certPath: pki.path('server.pem'), keyPath: pki.path('server.key'), caPath: pki.path('ca.pem'), requireClientCert: true },
        apiKeys: { enabled: true, path: pki.path('keys.yaml') },
      },
    });
  });
  afterAll(() => s.stop());

  const base = () => ['ping', '--address', `localhost:${s.server.grpcPort}`, '--ca', pki.path('ca.pem'), '--cert', pki.path('client.pem'), '--key', pki.path('client.key')];

  it('connects with the CA, the client certificate and the key file', async () => {
    const r = await runCli([...base(), '--api-key-file', pki.path('cli.key-value'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).models.length).toBeGreaterThan(0);
  });

  it('reports the missing key as the server states it, exit code 1', async () => {
    const r = await runCli(base());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tensorcast ping: missing API key/);
    expect(r.stderr).not.toContain(KEY);
  });

  it('needs --cert and --key together', async () => {
    const r = await runCli(['ping', '--address', 'localhost:1', '--cert', pki.path('client.pem')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cert and --key go together/);
  });
});
