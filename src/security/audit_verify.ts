import { readFileSync } from 'node:fs';
import { AUDIT_FORMAT_VERSION, GENESIS_HASH, lineHash, type AuditEnvelope } from './audit_chain.js';

export interface AuditProblem {
  /** 1-based line number. */
  line: number;
  message: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  records: number;
  /** The last record is a final checkpoint (written at a clean shutdown). */
  sealed: boolean;
  /** Records after the last checkpoint: their removal from the end cannot be detected. */
  unsealedRecords: number;
  /** SHA-256 of the last complete line; compare with a copy kept elsewhere (the service log has them). */
  headHash: string;
  problems: AuditProblem[];
}

/**
 * Checks an audit log: each line parses, seq counts up from 0, each prev is the hash of the line
 * before (the first chains from GENESIS_HASH), the file ends in a newline, and — unless
 * `allowUnsealed` — the last record is the final checkpoint of a clean shutdown.
 */
export function verifyAuditText(text: string, opts: { allowUnsealed?: boolean } = {}): AuditVerifyResult {
  const problems: AuditProblem[] = [];
  const lines = text.split('\n');
  const tail = lines.pop()!;
  if (tail !== '') problems.push({ line: lines.length + 1, message: `truncated: last line has no newline (${tail.length} bytes of a partial record)` });
  let prev = GENESIS_HASH;
  let lastCheckpointAt = -1;
  let sealed = false;
  let records = 0;
  let lastSeq = -1;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    let rec: AuditEnvelope;
    try {
      rec = JSON.parse(lines[i]) as AuditEnvelope;
    } catch {
      problems.push({ line: n, message: 'not a JSON record (edited or corrupted)' });
      prev = lineHash(lines[i]);
      continue;
    }
    // Against the previous seq, not the line number, so one gap is reported once.
    if (rec.seq !== lastSeq + 1) problems.push({ line: n, message: `seq ${String(rec.seq)} where ${lastSeq + 1} was expected (a record was deleted, inserted or moved)` });
    lastSeq = typeof rec.seq === 'number' ? rec.seq : lastSeq + 1;
    if (rec.prev !== prev) problems.push({ line: n, message: `chain broken: prev does not match the hash of line ${i === 0 ? 'genesis' : i} (a record before it was edited, deleted or moved)` });
    if (i === 0 && (rec.type !== 'header' || rec.version !== AUDIT_FORMAT_VERSION)) problems.push({ line: n, message: `first record must be a version ${AUDIT_FORMAT_VERSION} header` });
    if (rec.type === 'checkpoint') {
      lastCheckpointAt = i;
      if (rec.records !== i) problems.push({ line: n, message: `checkpoint counts ${String(rec.records)} records before it, the file has ${i}` });
    }
    sealed = rec.type === 'checkpoint' && rec.final === true;
    prev = lineHash(lines[i]);
    records++;
  }
  if (lines.length === 0) problems.push({ line: 1, message: 'empty: no header record' });
  const unsealedRecords = lines.length - 1 - lastCheckpointAt;
  if (!sealed && !opts.allowUnsealed && lines.length > 0) {
    problems.push({ line: lines.length, message: `not sealed: the log does not end with a final checkpoint (${unsealedRecords} records after the last checkpoint; the server did not shut down cleanly, or records were cut off the end)` });
  }
  return { ok: problems.length === 0, records, sealed, unsealedRecords, headHash: prev, problems };
}

export function verifyAuditFile(path: string, opts: { allowUnsealed?: boolean } = {}): AuditVerifyResult {
  return verifyAuditText(readFileSync(path, 'utf8'), opts);
}
