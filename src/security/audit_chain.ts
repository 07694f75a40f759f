import { createHash } from 'node:crypto';

/** The `prev` of the first (header) record of every audit log. */
export const GENESIS_HASH = '0'.repeat(64);
export const AUDIT_FORMAT_VERSION = 1;

export type AuditRecordType = 'header' | 'call' | 'checkpoint' | 'recovered';

/** What every line holds besides its type-specific fields. */
export interface AuditEnvelope {
  seq: number;
  type: AuditRecordType;
  ts: string;
  prev: string;
  [field: string]: unknown;
}

/** The chain link: SHA-256 over the record's exact line (without its newline). */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}
