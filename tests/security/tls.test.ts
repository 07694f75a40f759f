import { status } from '@grpc/grpc-js';
import { copyFileSync, renameSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { failure, startCapturedServer, tempDir, TestPki } from './helpers.js';

/** The certificate a fresh TLS connection is served (independent of grpc-js: node:tls directly). */
function servedCertificate(port: number, ca: Buffer): Promise<string> {
  return new Promise((ok, fail) => {
    const sock = connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ALPNProtocols: ['h2'] }, () => {
      const fp = sock.getPeerX509Certificate()!.fingerprint256;
      sock.end();
      ok(fp);
    });
    sock.on('error', fail);
  });
}

describe('TLS and mTLS through the real server (throwaway certificates from openssl)', () => {
  let pki: TestPki;

  beforeAll(() => {
    pki = new TestPki(tempDir('pki')).ca('ca1').leaf('server1', 'ca1', 'serverAuth').leaf('client1', 'ca1', 'clientAuth').ca('ca2').leaf('server2', 'ca2', 'serverAuth');
    copyFileSync(pki.path('server1.pem'), pki.path('live.pem'));
    copyFileSync(pki.path('server1.key'), pki.path('live.key'));
  });

  it('serves TLS: a client trusting the CA gets answers, a plaintext client does not', async () => {
    const s = await startCapturedServer({ security: { plaintext: false, tls: { certPath: pki.path('server1.pem'), keyPath: pki.path('server1.key') } } });
    try {
      await expect(s.client({ caPath: pki.path('ca1.pem') }).capabilities()).resolves.toBeDefined();
      const plain = await failure(s.client().capabilities());
      expect(plain.code).toBe(status.UNAVAILABLE);
      const wrongCa = await failure(s.client({ caPath: pki.path('ca2.pem') }).capabilities());
      expect(wrongCa.code).toBe(status.UNAVAILABLE);
      expect(s.logs.some((l) => l.includes('WITHOUT TLS'))).toBe(false);
    } finally {
      await s.stop();
    }
  });

  it('requires a client certificate signed by caPath when requireClientCert is on', async () => {
    const s = await startCapturedServer({
      security: { plaintext: false, tls: { certPath: pki.path('server1.pem'), keyPath: pki.path('server1.key'), caPath: pki.path('ca1.pem'), requireClientCert: true } },
    });
    try {
      const noCert = await failure(s.client({ caPath: pki.path('ca1.pem') }).capabilities());
      expect(noCert.code).toBe(status.UNAVAILABLE);
      const mtls = s.client({ caPath: pki.path('ca1.pem'), certPath: pki.path('client1.pem'), keyPath: pki.path('client1.key') });
      await expect(mtls.capabilities()).resolves.toBeDefined();
      // A certificate from another CA is refused too (server2 is signed by ca2).
      const foreign = await failure(s.client({ caPath: pki.path('ca1.pem'), certPath: pki.path('server2.pem'), keyPath: pki.path('server2.key') }).capabilities());
      expect(foreign.code).toBe(status.UNAVAILABLE);
    } finally {
      await s.stop();
    }
  });

  it('reloads replaced certificate files without restart: new connections get the new certificate', async () => {
    const s = await startCapturedServer({ security: { plaintext: false, tls: { certPath: pki.path('live.pem'), keyPath: pki.path('live.key'), reloadIntervalMs: 100 } } });
    try {
      const port = s.server.grpcPort;
      const fp1 = new X509Certificate(pki.read('server1.pem')).fingerprint256;
      const fp2 = new X509Certificate(pki.read('server2.pem')).fingerprint256;
      expect(await servedCertificate(port, pki.read('ca1.pem'))).toBe(fp1);
      // Replace both files (each by rename, as a deployment would); between the two renames the pair
      // does not match, and the last good pair stays in service.
      copyFileSync(pki.path('server2.pem'), pki.path('next.pem'));
      copyFileSync(pki.path('server2.key'), pki.path('next.key'));
      renameSync(pki.path('next.pem'), pki.path('live.pem'));
      renameSync(pki.path('next.key'), pki.path('live.key'));
      await vi.waitFor(async () => expect(await servedCertificate(port, pki.read('ca2.pem'))).toBe(fp2), { timeout: 10_000, interval: 100 });
      await expect(s.client({ caPath: pki.path('ca2.pem') }).capabilities()).resolves.toBeDefined();
      const old = await failure(s.client({ caPath: pki.path('ca1.pem') }).capabilities());
      expect(old.code).toBe(status.UNAVAILABLE);
      expect(s.logs.some((l) => l.includes('TLS certificate reloaded') && l.includes(fp2))).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it('fails at start-up naming the files when the key does not match the certificate', async () => {
    await expect(
      startCapturedServer({ security: { plaintext: false, tls: { certPath: pki.path('server1.pem'), keyPath: pki.path('server2.key') } } }),
    ).rejects.toThrow(/security\.tls: cannot use .*server1\.pem \/ .*server2\.key/);
  });

  it('warns once at start-up when serving plaintext (the default)', async () => {
    const s = await startCapturedServer({});
    await s.stop();
    expect(s.logs.filter((l) => l.includes('serving gRPC WITHOUT TLS'))).toHaveLength(1);
  });
});
