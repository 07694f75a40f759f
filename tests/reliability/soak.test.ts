// A bounded soak (~30 s) of the real server as a child process, with worker crashes, refused
// batches and a poisoned ticker injected (bench/soak/traffic.mjs; bench/soak/soak.mjs runs the
// same traffic for minutes and reports the figures in docs/reliability.md). Asserted: no call lost
// (every call got one of its kind's expected codes before its deadline), no non-finite number in
// any answer, faults really were injected and contained, the server stays ready and exits 0, and
// its memory stays within a generous bound: growth between the first and last quarter's medians
// under 256 MB RSS and 96 MB heap (the 5-minute bench measures far less; see the docs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module shared with the bench, without type declarations
import { SOAK_FAULT_ENV, auditEnv, auditSummary, soak, startSoakServer } from '../../bench/soak/traffic.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECONDS = 30;
let server: any;
let report: any;
let exitCode: number | null = null;
let audit: any;
const auditPath = join(mkdtempSync(join(tmpdir(), 'tc-soak-audit-')), 'audit.jsonl');

beforeAll(async () => {
  server = await startSoakServer({ ...SOAK_FAULT_ENV, ...auditEnv(auditPath) });
  report = await soak({ server, seconds: SECONDS, concurrency: 6, seed: 11, sampleMs: 1000 });
  exitCode = await server.stop();
  audit = await auditSummary(auditPath);
}, (SECONDS + 60) * 1000);
afterAll(async () => {
  if (server && server.exited() === null) await server.stop();
});

describe(`soak: ${SECONDS} s of mixed traffic with faults injected`, () => {
  it('loses no call: every kind got only its expected codes, every stream push was answered', () => {
    const t = report.tally;
    expect(t.lostExamples).toEqual([]);
    expect(t.lost).toBe(0);
    for (const [kind, k] of Object.entries(t.byKind) as [string, { sent: number; answered: number }][]) {
      expect(k.answered, kind).toBe(k.sent);
      expect(k.sent, kind).toBeGreaterThan(0);
    }
    expect(t.nonFinite).toBe(0);
  });

  it('faults were injected and contained, and the server says so in /readyz while staying ready', () => {
    const f = report.faultsContained;
    expect(f.worker_crash).toBeGreaterThan(0);
    expect(f.compute_unavailable).toBeGreaterThan(0);
    expect(f.kernel_error).toBeGreaterThan(0);
    expect(report.tally.poisonedTickers).toBeGreaterThan(0);
    expect(report.readyz.ready).toBe(true);
    expect(report.readyz.degraded.length).toBeGreaterThan(0);
  });

  it('every call that reached a handler is recorded once by the server (the point an audit trail compares with)', () => {
    // Cancelled and deadline-bound calls may end before the handler runs, so the server's count
    // is at most what was sent, and at least every call answered by the handler (OK, INVALID_ARGUMENT, UNAVAILABLE).
    const t = report.tally;
    const unarySent = t.sent - t.byKind.stream.sent;
    const handled = (t.codes.OK ?? 0) - t.byKind.stream.sent + (t.codes.INVALID_ARGUMENT ?? 0) + (t.codes.UNAVAILABLE ?? 0);
    expect(report.serverRecorded.Forecast).toBeLessThanOrEqual(unarySent);
    expect(report.serverRecorded.Forecast).toBeGreaterThanOrEqual(handled);
    expect(report.serverRecorded.ForecastStream).toBe(2 * t.byKind.stream.sent);
  });

  it('every accepted call is audited: the verified, sealed audit log holds a record for each call the server recorded', () => {
    expect(audit.problems).toEqual([]);
    expect(audit.ok).toBe(true);
    expect(audit.sealed).toBe(true);
    // one record per unary call the handler finished, and one per stream (its pushes summarised)
    expect(audit.calls.Forecast).toBeGreaterThanOrEqual(report.serverRecorded.Forecast);
    expect(audit.calls.Forecast).toBeLessThanOrEqual(report.tally.sent - report.tally.byKind.stream.sent);
    expect(audit.calls.ForecastStream).toBe(report.tally.byKind.stream.sent);
  });

  it('memory stays bounded and the server exits cleanly', () => {
    const m = report.memory;
    expect(m.samples).toBeGreaterThanOrEqual(8);
    expect(m.rssGrowthMb).toBeLessThan(256);
    expect(m.heapGrowthMb).toBeLessThan(96);
    expect(exitCode).toBe(0);
  });
});
