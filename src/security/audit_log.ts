import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { SecurityConfig } from '../config/security_schema.js';
import type { Logger } from '../obs/logger.js';
import type { SecurityMetrics } from '../obs/security_metrics.js';
import { AUDIT_FORMAT_VERSION, GENESIS_HASH, lineHash, type AuditRecordType } from './audit_chain.js';
import { verifyAuditText } from './audit_verify.js';

type AuditConfig = SecurityConfig['audit'];

/**
 * The append-only, hash-chained audit log. Records are chained when they are created and written in
 * that order; a record whose write fails stays queued (never dropped) and is retried. Writes are
 * synchronous: they are a few hundred bytes, and ordering then needs no locking.
 */
export class AuditLog {
  private fd: number | undefined;
  /** Bytes of the file known to end on a complete record; a failed write is cut back to here. */
  private goodBytes = 0;
  private seq = 0;
  private head = GENESIS_HASH;
  private readonly queue: string[] = [];
  private lastError: string | undefined;
  private sinceCheckpoint = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private fsyncTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private failWrites: boolean;
  private closed = false;

  constructor(
    private readonly cfg: AuditConfig & { path: string },
    private readonly log: Logger,
    private readonly metrics: SecurityMetrics,
  ) {
    this.failWrites = cfg.failWrites;
    this.resume();
    if (cfg.fsync === 'interval') {
      this.fsyncTimer = setInterval(() => this.sync(), cfg.fsyncIntervalMs);
      this.fsyncTimer.unref();
    }
  }

  /** Continues an existing intact log, or starts a new one with a header record. */
  private resume(): void {
    const path = this.cfg.path;
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text !== '') {
        const v = verifyAuditText(text, { allowUnsealed: true });
        if (!v.ok) {
          const first = v.problems[0];
          throw new Error(`audit log ${path} fails verification (line ${first.line}: ${first.message}); run "tensorcast audit verify ${path}", move the file aside after investigating, then restart`);
        }
        this.seq = v.records;
        this.head = v.headHash;
        this.goodBytes = Buffer.byteLength(text);
        if (!v.sealed) this.append('recovered', { note: 'the previous run ended without a final checkpoint', unsealedRecords: v.unsealedRecords });
        return;
      }
    }
    this.append('header', { version: AUDIT_FORMAT_VERSION, anonymised: this.cfg.anonymise });
  }

  /** True when every record so far is in the file (nothing queued). */
  get healthy(): boolean {
    return this.queue.length === 0;
  }

  get bufferedRecords(): number {
    return this.queue.length;
  }

  /** Why new calls must be refused now, or undefined when they may run (the onWriteFailure policy). */
  refusal(): string | undefined {
    if (this.queue.length === 0) return undefined;
    if (this.cfg.onWriteFailure === 'failClosed') {
      return `audit log ${this.cfg.path} is unwritable (${this.lastError}); calls are refused until it can be written (security.audit.onWriteFailure=failClosed)`;
    }
    if (this.queue.length >= this.cfg.maxBufferedRecords) {
      return `audit log ${this.cfg.path} is unwritable (${this.lastError}) and its buffer of ${this.cfg.maxBufferedRecords} records is full (security.audit.maxBufferedRecords)`;
    }
    return undefined;
  }

  /** Why readiness is degraded, if it is. */
  degradedReasons(): string[] {
    return this.queue.length === 0 ? [] : [`audit log unwritable (${this.lastError}): ${this.queue.length} records buffered`];
  }

  /** TESTING AID (security.audit.failWrites): make every write fail, or stop doing so. */
  setFailWrites(on: boolean): void {
    this.failWrites = on;
    if (!on) this.flush();
  }

  /** Chains and writes one record of `type` with `fields`. */
  append(type: AuditRecordType, fields: Record<string, unknown>): void {
    if (this.closed) {
      // A call cancelled by the grace-period cut-off can answer after the seal: say so, do not write past it.
      this.log.error({ auditPath: this.cfg.path, type, method: fields.method, code: fields.code }, 'audit record after the final checkpoint not written');
      return;
    }
    const line = JSON.stringify({ seq: this.seq, type, ts: new Date().toISOString(), ...fields, prev: this.head });
    this.seq++;
    this.head = lineHash(line);
    this.queue.push(line);
    this.metrics.auditRecords.inc({ type });
    if (type !== 'checkpoint' && ++this.sinceCheckpoint >= this.cfg.checkpointEveryRecords) this.checkpoint(false);
    this.flush();
  }

  /** A checkpoint: the count of records before it; its hash goes to the service log as an outside copy. */
  checkpoint(final: boolean): void {
    this.sinceCheckpoint = 0;
    const at = this.seq;
    this.append('checkpoint', { records: at, final });
    this.log.info({ auditPath: this.cfg.path, seq: at, headHash: this.head, final }, 'audit checkpoint');
  }

  /** Writes queued records in order; on failure keeps them and retries later. */
  private flush(): void {
    while (this.queue.length > 0) {
      const bytes = Buffer.from(`${this.queue[0]}\n`, 'utf8');
      try {
        if (this.failWrites) throw Object.assign(new Error('injected audit write failure'), { code: 'EIO' });
        this.fd ??= openSync(this.cfg.path, 'a', 0o600);
        let off = 0;
        while (off < bytes.length) off += writeSync(this.fd, bytes, off);
        if (this.cfg.fsync === 'always') fsyncSync(this.fd);
        else this.dirty = true;
        this.goodBytes += bytes.length;
        this.queue.shift();
      } catch (err) {
        this.onWriteError(err as NodeJS.ErrnoException);
        return;
      }
    }
    this.metrics.auditBufferedRecords.set(0);
    if (this.lastError !== undefined) {
      this.log.warn({ auditPath: this.cfg.path }, 'audit log writable again; buffered records written');
      this.lastError = undefined;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private onWriteError(err: NodeJS.ErrnoException): void {
    const code = err.code ?? 'ERROR';
    this.metrics.auditWriteFailures.inc({ error: code });
    this.metrics.auditBufferedRecords.set(this.queue.length);
    if (this.lastError === undefined) this.log.error({ auditPath: this.cfg.path, code, policy: this.cfg.onWriteFailure, buffered: this.queue.length }, `audit log write failed: ${err.message}`);
    this.lastError = code;
    // A partial line would break the chain for every later record: cut the file back to the last whole one.
    if (this.fd !== undefined) {
      try {
        if (fstatSync(this.fd).size > this.goodBytes) ftruncateSync(this.fd, this.goodBytes);
      } catch {
        /* the next attempt's truncate tries again; verify reports a partial line otherwise */
      }
    }
    if (!this.retryTimer && !this.closed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.flush();
      }, this.cfg.retryIntervalMs);
      this.retryTimer.unref();
    }
  }

  private sync(): void {
    if (!this.dirty || this.fd === undefined) return;
    try {
      fsyncSync(this.fd);
      this.dirty = false;
    } catch (err) {
      this.metrics.auditWriteFailures.inc({ error: (err as NodeJS.ErrnoException).code ?? 'ERROR' });
    }
  }

  /** Seals the log with a final checkpoint and closes it; records that still cannot be written are reported. */
  close(): void {
    if (this.closed) return;
    this.checkpoint(true);
    this.closed = true;
    clearInterval(this.fsyncTimer);
    clearTimeout(this.retryTimer);
    if (this.queue.length > 0) this.log.error({ auditPath: this.cfg.path, lost: this.queue.length }, 'audit log still unwritable at shutdown: these records could not be written');
    if (this.fd !== undefined) {
      try {
        fsyncSync(this.fd);
      } catch {
        /* reported by the write failure path already */
      }
      closeSync(this.fd);
      this.fd = undefined;
    }
  }
}
