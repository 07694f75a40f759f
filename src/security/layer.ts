import { readFileSync } from 'node:fs';
import type { ServerInterceptor } from '@grpc/grpc-js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import { SecurityMetrics } from '../obs/security_metrics.js';
import { AuditLog } from './audit_log.js';
import { securityInterceptor } from './interceptor.js';
import { KeyStore } from './key_store.js';
import { transportCredentials, type TransportCredentials } from './tls.js';

/** Everything security.* configures, built once for the server. */
export interface SecurityLayer {
  transport: TransportCredentials;
  interceptors: ServerInterceptor[];
  keys: KeyStore | undefined;
  audit: AuditLog | undefined;
  degradedReasons(): string[];
  /** Seals the audit log and stops the watchers; after the gRPC server has drained. */
  close(): void;
}

export function securityLayer(cfg: Config, log: Logger, metrics: Metrics): SecurityLayer {
  const sec = cfg.security;
  const secMetrics = new SecurityMetrics(metrics.registry);
  const transport = transportCredentials(sec, log, secMetrics, cfg.server.host);
  const keys = sec.apiKeys.enabled ? new KeyStore(sec.apiKeys.path!, sec.apiKeys.rotationOverlapMs, log).watch(sec.apiKeys.reloadIntervalMs) : undefined;
  let audit: AuditLog | undefined;
  let anonymiseKey: Buffer | undefined;
  try {
    if (sec.audit.enabled && sec.audit.anonymise) {
      anonymiseKey = readFileSync(sec.audit.anonymiseKeyPath!);
      if (anonymiseKey.length < 16) throw new Error(`security.audit.anonymiseKeyPath ${sec.audit.anonymiseKeyPath}: key shorter than 16 bytes`);
    }
    if (sec.audit.enabled) audit = new AuditLog({ ...sec.audit, path: sec.audit.path! }, log, secMetrics);
  } catch (err) {
    keys?.close();
    throw err;
  }
  const interceptors = keys || audit ? [securityInterceptor({ cfg: sec, keys, audit, anonymiseKey, metrics: secMetrics, maxTickers: cfg.limits.maxTickers })] : [];
  return {
    transport,
    interceptors,
    keys,
    audit,
    degradedReasons: () => audit?.degradedReasons() ?? [],
    close() {
      keys?.close();
      audit?.close();
    },
  };
}
