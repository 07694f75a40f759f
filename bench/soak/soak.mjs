#!/usr/bin/env node
// Loopback soak of the real server (issue 11): a seeded mix of valid, invalid, cancelled,
// deadline-bound and streaming calls, with worker crashes, refused compute batches and a poisoned
// ticker injected (traffic.mjs, SOAK_FAULT_ENV). Bounded by --seconds; stops by itself.
//
//   npm run build:ts && node bench/soak/soak.mjs [--seconds 300] [--concurrency 8] [--seed 1] [--no-faults] [--json]
//
// Prints calls sent and answered per kind, calls lost (must be 0), faults contained, bad inputs
// tried and the server's RSS and heap (first-quarter vs last-quarter medians, and peak).
import { parseArgs } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOAK_FAULT_ENV, auditEnv, auditSummary, soak, startSoakServer } from './traffic.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    'no-faults': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

// the server writes an audit trail; afterwards every accepted call must have its record
const auditPath = join(mkdtempSync(join(tmpdir(), 'tc-soak-audit-')), 'audit.jsonl');
const server = await startSoakServer({ ...(args['no-faults'] ? { TENSORCAST_PREPROCESS__INLINE_MAX_VALUES: '0' } : SOAK_FAULT_ENV), ...auditEnv(auditPath) });
let report;
try {
  report = await soak({
    server,
    seconds: Number(args.seconds),
    concurrency: Number(args.concurrency),
    seed: Number(args.seed),
    sampleMs: 2000,
    log: (line) => console.error(line),
  });
} finally {
  report && (report.serverExitCode = await server.stop());
}
report.audit = await auditSummary(auditPath);
if (args.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const t = report.tally;
  const m = report.memory;
  console.log(`soak: ${report.seconds.toFixed(0)} s, ${report.concurrency} clients, seed ${report.seed}, faults ${args['no-faults'] ? 'off' : 'on'}`);
  console.log(`calls sent ${t.sent}, lost ${t.lost}; by kind: ${Object.entries(t.byKind).map(([k, v]) => `${k} ${v.answered}/${v.sent}`).join(', ')}`);
  if (t.lostExamples.length > 0) console.log(`lost (first ${t.lostExamples.length}): ${JSON.stringify(t.lostExamples)}`);
  console.log(`codes: ${Object.entries(t.codes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`bad inputs tried ${t.badInputs}; per-ticker contained faults ${t.tickerFaults} (poisoned ${t.poisonedTickers}); non-finite forecasts ${t.nonFinite}`);
  console.log(`faults contained by the server: ${Object.entries(report.faultsContained).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`server-recorded calls: Forecast ${report.serverRecorded.Forecast}, ForecastStream pushes ${report.serverRecorded.ForecastStream}`);
  console.log(`server RSS ${m.rssStartMb} -> ${m.rssEndMb} MB (growth ${m.rssGrowthMb}, peak ${m.rssPeakMb}); heap used ${m.heapStartMb} -> ${m.heapEndMb} MB (growth ${m.heapGrowthMb}, peak ${m.heapPeakMb}); ${m.samples} samples`);
  console.log(`readyz: ${JSON.stringify(report.readyz)}; server exit code ${report.serverExitCode}`);
  console.log(`audit: verified ${report.audit.ok}, sealed ${report.audit.sealed}; call records ${JSON.stringify(report.audit.calls)} (streams sent ${t.byKind.stream.sent})`);
}
process.exitCode = report.tally.lost === 0 ? 0 : 1;
