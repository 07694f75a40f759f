import {
  Metadata,
  ResponderBuilder,
  ServerInterceptingCall,
  ServerListenerBuilder,
  status as Status,
  type ServerInterceptor,
} from '@grpc/grpc-js';
import type { SecurityConfig } from '../config/security_schema.js';
import type { SecurityMetrics } from '../obs/security_metrics.js';
import type { AuditLog } from './audit_log.js';
import { CallSummary } from './call_summary.js';
import type { KeyStore } from './key_store.js';
import { TokenBucket } from './rate_limit.js';

const AUDITED_SERVICE = '/tensorcast.v1.ForecastService/';
/** Health checks come from load balancers and orchestrators that hold no key. */
const UNAUTHENTICATED_PREFIX = '/grpc.health.v1.Health/';

export interface InterceptorDeps {
  cfg: SecurityConfig;
  keys: KeyStore | undefined;
  audit: AuditLog | undefined;
  anonymiseKey: Buffer | undefined;
  metrics: SecurityMetrics;
  maxTickers: number;
  now?: () => number;
}

interface Denial {
  code: Status;
  details: string;
  metadata?: Metadata;
}

/** The key in `x-api-key` or `authorization: Bearer`, if any. */
function presentedKey(md: Metadata): string | undefined {
  const direct = md.get('x-api-key')[0];
  if (typeof direct === 'string' && direct !== '') return direct;
  const auth = md.get('authorization')[0];
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '');
  return undefined;
}

/** "Forecast" and "tensorcast.v1.ForecastService/Forecast" both name /tensorcast.v1.ForecastService/Forecast. */
function allowed(methods: string[] | undefined, path: string): boolean {
  if (!methods) return true;
  const full = path.slice(1);
  const short = full.slice(full.lastIndexOf('/') + 1);
  return methods.some((m) => m === full || (full.startsWith('tensorcast.v1.ForecastService/') && m === short));
}

/**
 * One server interceptor for API keys (authentication, scopes, rate limit) and the audit trail: the
 * check runs on the call's metadata, before the handler sees anything; the audit record is written
 * when the call's status is sent, so it covers refused calls too. Error details name the key id at
 * most, never the key.
 */
export function securityInterceptor(deps: InterceptorDeps): ServerInterceptor {
  const { cfg, keys, audit, metrics } = deps;
  const now = deps.now ?? Date.now;
  const buckets = new Map<string, TokenBucket>();

  function authenticate(path: string, md: Metadata): { keyId: string | null; denial?: Denial } {
    if (!keys || path.startsWith(UNAUTHENTICATED_PREFIX)) return { keyId: null };
    const presented = presentedKey(md);
    if (presented === undefined) {
      metrics.authFailures.inc({ reason: 'missing' });
      return { keyId: null, denial: { code: Status.UNAUTHENTICATED, details: 'missing API key: send it in the x-api-key metadata (or authorization: Bearer)' } };
    }
    const found = keys.lookup(presented);
    if (!found.ok) {
      metrics.authFailures.inc({ reason: found.reason === 'rotated' ? 'expired' : 'unknown' });
      const details = found.reason === 'rotated' ? 'API key expired: it was rotated out and its overlap period is over; use the current key' : 'unknown API key';
      return { keyId: null, denial: { code: Status.UNAUTHENTICATED, details } };
    }
    const id = found.id;
    const policy = cfg.apiKeys.policies[id] ?? {};
    if (policy.expiresAt !== undefined && Date.parse(policy.expiresAt) <= now()) {
      metrics.authFailures.inc({ reason: 'expired' });
      return { keyId: id, denial: { code: Status.UNAUTHENTICATED, details: `API key "${id}" expired at ${policy.expiresAt}` } };
    }
    if (!allowed(policy.methods, path)) {
      metrics.authFailures.inc({ reason: 'permission_denied' });
      return { keyId: id, denial: { code: Status.PERMISSION_DENIED, details: `API key "${id}" may not call ${path.slice(1)} (allowed: ${policy.methods!.join(', ')})` } };
    }
    let bucket = buckets.get(id);
    if (!bucket) buckets.set(id, (bucket = new TokenBucket(policy.ratePerSecond ?? cfg.apiKeys.defaultRatePerSecond, policy.burst ?? cfg.apiKeys.defaultBurst, now())));
    const waitMs = bucket.take(now());
    if (waitMs > 0) {
      metrics.rateLimited.inc({ key_id: id });
      const md2 = new Metadata();
      md2.set('retry-after-ms', String(waitMs));
      return { keyId: id, denial: { code: Status.RESOURCE_EXHAUSTED, details: `rate limit of API key "${id}" (${bucket.ratePerSecond}/s, burst ${bucket.burst}) exceeded; retry after ${waitMs} ms`, metadata: md2 } };
    }
    return { keyId: id };
  }

  return (descriptor, call) => {
    const path = descriptor.path;
    const audited = audit !== undefined && path.startsWith(AUDITED_SERVICE);
    const started = performance.now();
    const summary = new CallSummary(deps.maxTickers);
    let keyId: string | null = null;
    let refused = false;
    let auditRefusal = false;

    const listener = new ServerListenerBuilder()
      .withOnReceiveMetadata((md, next) => {
        const auth = authenticate(path, md);
        keyId = auth.keyId;
        let denial = auth.denial;
        const refusal = audited ? audit.refusal() : undefined;
        if (refusal !== undefined) {
          // The log cannot take this call's record: refuse rather than run it unaudited (and do not
          // queue a record for it, so a flood of refused calls cannot grow the buffer).
          auditRefusal = true;
          metrics.auditRejectedCalls.inc({ reason: cfg.audit.onWriteFailure === 'failClosed' ? 'unwritable' : 'buffer_full' });
          denial ??= { code: Status.UNAVAILABLE, details: refusal };
        }
        if (denial) {
          refused = true;
          intercepting.sendStatus({ code: denial.code, details: denial.details, metadata: denial.metadata ?? new Metadata() });
          return;
        }
        next(md);
      })
      .withOnReceiveMessage((msg, next) => {
        if (refused) return;
        if (audited) summary.add(msg);
        next(msg);
      })
      .build();

    const responder = new ResponderBuilder()
      .withStart((next) => next(listener))
      .withSendStatus((st, next) => {
        if (audited && !auditRefusal) {
          audit.append('call', {
            keyId,
            method: path.slice(1),
            ...summary.fields(deps.anonymiseKey),
            code: Status[st.code] ?? String(st.code),
            latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
          });
        }
        next(st);
      })
      .build();
    const intercepting = new ServerInterceptingCall(call, responder);
    return intercepting;
  };
}
