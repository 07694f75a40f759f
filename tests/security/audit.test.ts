import { status } from '@grpc/grpc-js';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/security/audit_chain.js';
import { verifyAuditText } from '../../src/security/audit_verify.js';
import { runCli } from '../helpers/cli.js';
import { failure, smallForecast, startCapturedServer, tempDir } from './helpers.js';

const KEY = 'tc_audit_key_0123456789abcdef0123456789';
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

async function auditedServer(dir: string, audit: Record<string, unknown>) {
  writeFileSync(join(dir, 'keys.yaml'), `ops: ${KEY}\n`);
  return startCapturedServer({
    security: {
      apiKeys: { enabled: true, path: join(dir, 'keys.yaml') },
      audit: { enabled: true, path: join(dir, 'audit.jsonl'), fsync: 'always', retryIntervalMs: 50, ...audit },
    },
  });
}

describe('audit log written by the real server', () => {
  let dir: string;
  let log: string;

  beforeAll(async () => {
    dir = tempDir('audit');
    log = join(dir, 'audit.jsonl');
    const s = await auditedServer(dir, {});
    await s.client({ apiKey: KEY }).forecast(smallForecast(['AAA', 'BBB']));
    await failure(s.client().forecast(smallForecast(['CCC'])));
    await s.client({ apiKey: KEY }).capabilities();
    await s.stop();
  });

  it('holds a header, one record per call and a final checkpoint, each chained to the line before', () => {
    const ls = lines(log);
    const recs = ls.map((l) => JSON.parse(l));
    expect(recs.map((r) => r.type)).toEqual(['header', 'call', 'call', 'call', 'checkpoint']);
    expect(recs.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
    // The chain, recomputed here from the bytes of each line.
    expect(recs[0].prev).toBe(GENESIS_HASH);
    for (let i = 1; i < ls.length; i++) expect(recs[i].prev).toBe(sha256(ls[i - 1]));
    expect(recs[1]).toMatchObject({ keyId: 'ops', method: 'tensorcast.v1.ForecastService/Forecast', models: ['random_walk'], tickerCount: 2, tickers: ['AAA', 'BBB'], code: 'OK' });
    expect(recs[1].latencyMs).toBeGreaterThan(0);
    // Refused on its metadata: the request body of an unauthenticated caller is never read.
    expect(recs[2]).toMatchObject({ keyId: null, tickers: [], messages: 0, code: 'UNAUTHENTICATED' });
    expect(recs[3]).toMatchObject({ keyId: 'ops', method: 'tensorcast.v1.ForecastService/GetCapabilities', tickerCount: 0, code: 'OK' });
    expect(recs[4]).toMatchObject({ records: 4, final: true });
    expect(readFileSync(log, 'utf8')).not.toContain(KEY);
  });

  it('verifies clean through the CLI', async () => {
    const r = await runCli(['audit', 'verify', log]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: 5 records, sealed, head [0-9a-f]{64}$/m);
  });

  const text = () => readFileSync(log, 'utf8');
  const tampered = (f: (ls: string[]) => string[]) => `${f(text().trimEnd().split('\n')).join('\n')}\n`;

  it('detects an edited record', () => {
    const v = verifyAuditText(tampered((ls) => ls.map((l, i) => (i === 1 ? l.replace('"AAA"', '"ZZZ"') : l))));
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/^chain broken/) })]);
  });

  it('detects a deleted record', () => {
    const v = verifyAuditText(tampered((ls) => ls.filter((_, i) => i !== 2)));
    expect(v.problems.map((p) => p.line)).toEqual([3, 3, 4]); // seq gap, chain break, checkpoint count
    expect(v.problems[0].message).toMatch(/seq 3 where 2 was expected/);
  });

  it('detects reordered records', () => {
    const v = verifyAuditText(tampered((ls) => [ls[0], ls[2], ls[1], ls[3], ls[4]]));
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.line === 2 && /seq 2 where 1/.test(p.message))).toBe(true);
  });

  it('detects truncation: a partial last line, and whole records cut off the end', async () => {
    const t = text();
    const partial = verifyAuditText(t.slice(0, t.length - 20));
    expect(partial.problems[0].message).toMatch(/^truncated: last line has no newline/);
    // Dropping the final checkpoint and the record before it leaves whole, well-chained lines: the
    // missing seal is what gives it away.
    const cut = `${t.trimEnd().split('\n').slice(0, 3).join('\n')}\n`;
    const v = verifyAuditText(cut);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^not sealed/) })]);
    writeFileSync(join(dir, 'cut.jsonl'), cut);
    const r = await runCli(['audit', 'verify', join(dir, 'cut.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED: 3 records, not sealed/);
  });

  it('continues the chain after a clean restart', async () => {
    const s = await auditedServer(dir, {});
    await s.client({ apiKey: KEY }).capabilities();
    await s.stop();
    const v = verifyAuditText(text());
    expect(v).toMatchObject({ ok: true, sealed: true, records: 7 });
    const recs = lines(log).map((l) => JSON.parse(l));
    expect(recs.map((r) => r.type).slice(5)).toEqual(['call', 'checkpoint']);
  });
});

describe('audit log after a crash', () => {
  it('resumes an intact but unsealed log with a recovered record, and refuses to start on a broken one', async () => {
    const dir = tempDir('audit-crash');
    const log = join(dir, 'audit.jsonl');
    let s = await auditedServer(dir, {});
    await s.client({ apiKey: KEY }).capabilities();
    await s.stop();
    // As after a crash: the final checkpoint never made it to disk.
    writeFileSync(log, `${lines(log).slice(0, -1).join('\n')}\n`);
    s = await auditedServer(dir, {});
    await s.stop();
    const recs = lines(log).map((l) => JSON.parse(l));
    expect(recs.map((r) => r.type)).toEqual(['header', 'call', 'recovered', 'checkpoint']);
    expect(recs[2]).toMatchObject({ unsealedRecords: 2 });
    expect(verifyAuditText(readFileSync(log, 'utf8')).ok).toBe(true);
    writeFileSync(log, readFileSync(log, 'utf8').replace('"header"', '"headex"'));
    await expect(auditedServer(dir, {})).rejects.toThrow(/fails verification \(line 1: first record must be a version 1 header\).*tensorcast audit verify/);
  });
});

describe('audit of a ForecastStream', () => {
  it('writes one record for the whole stream: the distinct tickers and models of all its pushes', async () => {
    const dir = tempDir('audit-stream');
    const s = await auditedServer(dir, {});
    const { Metadata } = await import('@grpc/grpc-js');
    const md = new Metadata();
    md.set('x-api-key', KEY);
    const call = s.client().raw.ForecastStream(md);
    let received = 0;
    call.on('data', () => received++);
    const done = new Promise((ok, fail) => {
      call.on('end', ok);
      call.on('error', fail);
    });
    call.write(smallForecast(['S1', 'S2']));
    call.write(smallForecast(['S2', 'S3']));
    call.end();
    await done;
    await s.stop();
    expect(received).toBe(4);
    const calls = lines(join(dir, 'audit.jsonl')).map((l) => JSON.parse(l)).filter((r) => r.type === 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'tensorcast.v1.ForecastService/ForecastStream', messages: 2, tickerCount: 3, tickers: ['S1', 'S2', 'S3'], models: ['random_walk'], code: 'OK' });
  });
});

describe('audit anonymise', () => {
  it('records HMAC-SHA256(key, ticker) instead of tickers', async () => {
    const dir = tempDir('audit-anon');
    const secret = 'an-hmac-key-of-at-least-16-bytes';
    writeFileSync(join(dir, 'hmac.key'), secret);
    const s = await auditedServer(dir, { anonymise: true, anonymiseKeyPath: join(dir, 'hmac.key') });
    await s.client({ apiKey: KEY }).forecast(smallForecast(['AAPL']));
    await s.stop();
    const call = lines(join(dir, 'audit.jsonl')).map((l) => JSON.parse(l)).find((r) => r.type === 'call');
    expect(call.tickers).toBeUndefined();
    expect(call.tickerHmacs).toEqual([createHmac('sha256', secret).update('AAPL').digest('hex')]);
    expect(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).not.toContain('AAPL');
  });
});

async function readyz(httpPort: number) {
  return (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).json() as Promise<{ ready: boolean; degraded: string[] }>;
}

describe('audit write failures (security.audit.failWrites)', () => {
  it('failClosed: refuses calls with UNAVAILABLE while unwritable, then writes everything once it recovers', async () => {
    const dir = tempDir('audit-fc');
    const s = await auditedServer(dir, { onWriteFailure: 'failClosed', failWrites: true });
    try {
      const f = await failure(s.client({ apiKey: KEY }).forecast(smallForecast()));
      expect(f.code).toBe(status.UNAVAILABLE);
      expect(f.details).toMatch(/audit log .* is unwritable \(EIO\); calls are refused .*failClosed/);
      expect((await readyz(s.server.httpPort)).degraded).toEqual(['audit log unwritable (EIO): 1 records buffered']);
      const metrics = await s.server.metrics.registry.metrics();
      expect(metrics).toMatch(/tensorcast_audit_rejected_calls_total\{reason="unwritable"\} 1/);
      expect(metrics).toMatch(/tensorcast_audit_write_failures_total\{error="EIO"\} [1-9]/);
      s.server.security.audit!.setFailWrites(false);
      await expect(s.client({ apiKey: KEY }).forecast(smallForecast())).resolves.toBeDefined();
      expect((await readyz(s.server.httpPort)).degraded).toEqual([]);
    } finally {
      await s.stop();
    }
    // The refused call has no record; the header (queued while failing) and the later call do.
    const v = verifyAuditText(readFileSync(join(dir, 'audit.jsonl'), 'utf8'));
    expect(v).toMatchObject({ ok: true, records: 3 });
  });

  it('buffer: keeps records in memory up to maxBufferedRecords, then refuses; nothing is dropped', async () => {
    const dir = tempDir('audit-buf');
    const s = await auditedServer(dir, { onWriteFailure: 'buffer', maxBufferedRecords: 3, failWrites: true });
    try {
      const c = s.client({ apiKey: KEY });
      // header + 2 calls = 3 buffered records: the third call finds the buffer full.
      await c.forecast(smallForecast(['A1']));
      await c.forecast(smallForecast(['A2']));
      const f = await failure(c.forecast(smallForecast(['A3'])));
      expect(f.code).toBe(status.UNAVAILABLE);
      expect(f.details).toMatch(/buffer of 3 records is full/);
      expect((await readyz(s.server.httpPort)).degraded).toEqual(['audit log unwritable (EIO): 3 records buffered']);
      expect(await s.server.metrics.registry.metrics()).toMatch(/tensorcast_audit_buffered_records 3/);
      s.server.security.audit!.setFailWrites(false);
      expect(await s.server.metrics.registry.metrics()).toMatch(/tensorcast_audit_buffered_records 0/);
    } finally {
      await s.stop();
    }
    const recs = lines(join(dir, 'audit.jsonl')).map((l) => JSON.parse(l));
    expect(recs.filter((r) => r.type === 'call').map((r) => r.tickers)).toEqual([['A1'], ['A2']]);
    expect(verifyAuditText(readFileSync(join(dir, 'audit.jsonl'), 'utf8')).ok).toBe(true);
  });
});
