import { experimental, ServerCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { SecurityConfig } from '../config/security_schema.js';
import type { Logger } from '../obs/logger.js';
import type { SecurityMetrics } from '../obs/security_metrics.js';

type CaUpdate = experimental.CaCertificateUpdate;
type IdentityUpdate = experimental.IdentityCertificateUpdate;

/** Throws an actionable error if the PEM material does not make a TLS context (bad path, key not matching cert). */
function checkContext(opts: SecureContextOptions): void {
  createSecureContext(opts);
}

function describe(cert: Buffer): { subject: string; fingerprint256: string; validTo: string } {
  const x = new X509Certificate(cert);
  return { subject: x.subject, fingerprint256: x.fingerprint256, validTo: x.validTo };
}

/**
 * grpc-js's FileWatcherCertificateProvider re-reads the files every reloadIntervalMs; this wrapper
 * forwards only material that makes a valid TLS context, so a half-replaced pair (new cert, old key)
 * keeps the last good identity in service instead of refusing every new connection.
 */
class LastGoodCertificateProvider implements experimental.CertificateProvider {
  private readonly inner: experimental.FileWatcherCertificateProvider;
  private identity: IdentityUpdate | undefined;
  private ca: CaUpdate | undefined;
  private readonly identityListeners = new Set<experimental.IdentityCertificateUpdateListener>();
  private readonly caListeners = new Set<experimental.CaCertificateUpdateListener>();
  private readonly onIdentity = (u: IdentityUpdate | null) => this.identityUpdate(u);
  private readonly onCa = (u: CaUpdate | null) => this.caUpdate(u);
  private subscribed = false;

  constructor(
    private readonly tls: SecurityConfig['tls'] & { certPath: string; keyPath: string },
    private readonly log: Logger,
    private readonly metrics: SecurityMetrics,
  ) {
    this.inner = new experimental.FileWatcherCertificateProvider({
      certificateFile: tls.certPath,
      privateKeyFile: tls.keyPath,
      caCertificateFile: tls.caPath ?? undefined,
      refreshIntervalMs: tls.reloadIntervalMs,
    });
  }

  private identityUpdate(u: IdentityUpdate | null): void {
    if (u === null) {
      this.refuse(`cannot read ${this.tls.certPath} or ${this.tls.keyPath}`);
      return;
    }
    if (this.identity && u.certificate.equals(this.identity.certificate) && u.privateKey.equals(this.identity.privateKey)) return;
    try {
      checkContext({ cert: u.certificate, key: u.privateKey });
    } catch (err) {
      this.refuse(`certificate and key do not form a valid pair: ${(err as Error).message}`);
      return;
    }
    const first = this.identity === undefined;
    this.identity = u;
    this.metrics.tlsReloads.inc({ result: 'applied' });
    this.log.info({ certPath: this.tls.certPath, ...describe(u.certificate) }, first ? 'TLS certificate loaded' : 'TLS certificate reloaded');
    for (const l of this.identityListeners) l(u);
  }

  private caUpdate(u: CaUpdate | null): void {
    if (u === null) {
      this.refuse(`cannot read ${this.tls.caPath}`);
      return;
    }
    if (this.ca && u.caCertificate.equals(this.ca.caCertificate)) return;
    try {
      checkContext({ ca: u.caCertificate });
    } catch (err) {
      this.refuse(`CA bundle is not valid PEM: ${(err as Error).message}`);
      return;
    }
    this.ca = u;
    this.log.info({ caPath: this.tls.caPath }, 'TLS client CA loaded');
    for (const l of this.caListeners) l(u);
  }

  private refuse(why: string): void {
    this.metrics.tlsReloads.inc({ result: 'invalid' });
    this.log.warn(`TLS files not applied, the previous ones stay in service: ${why}`);
  }

  private sync(): void {
    const want = this.identityListeners.size + this.caListeners.size > 0;
    if (want && !this.subscribed) {
      this.inner.addIdentityCertificateListener(this.onIdentity);
      if (this.tls.caPath !== null) this.inner.addCaCertificateListener(this.onCa);
    } else if (!want && this.subscribed) {
      this.inner.removeIdentityCertificateListener(this.onIdentity);
      this.inner.removeCaCertificateListener(this.onCa);
    }
    this.subscribed = want;
  }

  addCaCertificateListener(l: experimental.CaCertificateUpdateListener): void {
    this.caListeners.add(l);
    this.sync();
    if (this.ca) process.nextTick(l, this.ca);
  }
  removeCaCertificateListener(l: experimental.CaCertificateUpdateListener): void {
    this.caListeners.delete(l);
    this.sync();
  }
  addIdentityCertificateListener(l: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.add(l);
    this.sync();
    if (this.identity) process.nextTick(l, this.identity);
  }
  removeIdentityCertificateListener(l: experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.delete(l);
    this.sync();
  }
}

export interface TransportCredentials {
  credentials: ServerCredentials;
  /** Resolves once the served identity is loaded (connections are refused before that). */
  ready(): Promise<void>;
}

/** Plaintext only when security.plaintext says so (with a warning); otherwise TLS, mTLS with caPath. */
export function transportCredentials(sec: SecurityConfig, log: Logger, metrics: SecurityMetrics, host: string): TransportCredentials {
  const { certPath, keyPath, caPath } = sec.tls;
  if (sec.plaintext || certPath === null || keyPath === null) {
    log.warn({ host }, 'serving gRPC WITHOUT TLS (security.plaintext: true): calls, API keys and data travel in clear; use only on loopback or a trusted network');
    return { credentials: ServerCredentials.createInsecure(), ready: async () => undefined };
  }
  // Fail at start-up, naming the file, rather than refusing connections later.
  try {
    checkContext({ cert: readFileSync(certPath), key: readFileSync(keyPath), ...(caPath ? { ca: readFileSync(caPath) } : {}) });
  } catch (err) {
    throw new Error(`security.tls: cannot use ${certPath} / ${keyPath}${caPath ? ` / ${caPath}` : ''}: ${(err as Error).message}`);
  }
  const provider = new LastGoodCertificateProvider({ ...sec.tls, certPath, keyPath }, log, metrics);
  // grpc-js's factory hands its first argument to the identity slot and its second to the CA slot
  // (its parameter names say the opposite); one provider serves both, so the order cannot matter.
  const credentials = experimental.createCertificateProviderServerCredentials(provider, caPath ? provider : null, sec.tls.requireClientCert);
  return {
    credentials,
    ready: () =>
      new Promise<void>((ok) => {
        let identity = false;
        let ca = caPath === null;
        const done = () => {
          if (identity && ca) {
            provider.removeIdentityCertificateListener(onI);
            provider.removeCaCertificateListener(onC);
            ok();
          }
        };
        const onI = () => ((identity = true), done());
        const onC = () => ((ca = true), done());
        provider.addIdentityCertificateListener(onI);
        if (caPath) provider.addCaCertificateListener(onC);
      }),
  };
}
