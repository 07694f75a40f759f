import { Counter, Gauge, type Registry } from 'prom-client';

/** The security layer's Prometheus series, registered on the server's one registry. */
export class SecurityMetrics {
  readonly authFailures: Counter<'reason'>;
  readonly rateLimited: Counter<'key_id'>;
  readonly auditRecords: Counter<'type'>;
  readonly auditWriteFailures: Counter<'error'>;
  readonly auditBufferedRecords: Gauge;
  readonly auditRejectedCalls: Counter<'reason'>;
  readonly tlsReloads: Counter<'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.authFailures = new Counter({ name: 'tensorcast_auth_failures_total', help: 'Calls refused by the API key check, by reason (missing, unknown, expired, permission_denied)', labelNames: ['reason'], registers });
    this.rateLimited = new Counter({ name: 'tensorcast_rate_limited_total', help: 'Calls refused with RESOURCE_EXHAUSTED by the per-key rate limit, by key id', labelNames: ['key_id'], registers });
    this.auditRecords = new Counter({ name: 'tensorcast_audit_records_total', help: 'Audit records written to the log file, by type (header, call, checkpoint, recovered)', labelNames: ['type'], registers });
    this.auditWriteFailures = new Counter({ name: 'tensorcast_audit_write_failures_total', help: 'Failed audit log writes, by error code (ENOSPC, EACCES, EIO, ...)', labelNames: ['error'], registers });
    this.auditBufferedRecords = new Gauge({ name: 'tensorcast_audit_buffered_records', help: 'Audit records held in memory because the log could not be written', registers });
    this.auditRejectedCalls = new Counter({ name: 'tensorcast_audit_rejected_calls_total', help: 'Calls refused with UNAVAILABLE because the audit log was unwritable (failClosed) or its buffer full (buffer)', labelNames: ['reason'], registers });
    this.tlsReloads = new Counter({ name: 'tensorcast_tls_reloads_total', help: 'Certificate file reads that changed the served TLS identity (applied) or were refused (invalid)', labelNames: ['result'], registers });
  }
}
