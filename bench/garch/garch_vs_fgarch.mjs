#!/usr/bin/env node
// GARCH(1,1) with standard errors on the 30 Dow tickers: tensorcast vs R's fGarch, in one run.
// Prints fit time (process start-up excluded) and whole-process time for both, and the ratios.
//   npm run build && node bench/garch/garch_vs_fgarch.mjs [--reps 20]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../../..');
const csv = join(root, 'examples/data/dow30_daily_close.csv');
const repsArg = process.argv.indexOf('--reps');
const reps = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 20;

const { loadConfig } = await import(join(root, 'dist/config/load.js'));
const { parseCsv } = await import(join(root, 'dist/preprocess/csv.js'));
const { Runtime } = await import(join(root, 'dist/service/runtime.js'));
const { validateJob } = await import(join(root, 'dist/server/validate.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// tensorcast in-process: the fit is one native call over all 30 series (preprocessing excluded).
// the fitted-state cache off: repeated runs of one job would otherwise be served from it (docs/cache.md)
const cfg = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, cache: { enabled: false } } });
const runtime = new Runtime(cfg);
const series = parseCsv(readFileSync(csv, 'utf8'));
const job = validateJob(
  { models: [{ name: 'garch', init: 'fgarch', noFallback: true }], horizonBars: 10 },
  cfg,
  runtime.models,
  { kind: 'messages', series },
);
await runtime.engine.run(job); // warm-up: thread pool, page faults
const fitMs = [];
const requestMs = [];
let converged = 0;
let loglikSum = 0;
for (let r = 0; r < reps; r++) {
  const t0 = performance.now();
  const out = await runtime.engine.run(job);
  requestMs.push(performance.now() - t0);
  fitMs.push(out.timing.computeMs);
  if (r === 0) {
    converged = out.forecasts.filter((f) => f.fit?.converged).length;
    loglikSum = out.forecasts.reduce((a, f) => a + (f.fit?.loglik ?? 0), 0);
  }
}
await runtime.close();

function timeProcess(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

const tcProcess = timeProcess(process.execPath, ['bin/tensorcast.js', 'fit', '--input', csv, '--model', 'garch', '--json']);
const r = timeProcess('Rscript', [join(root, 'bench/garch/fgarch_fit30.R'), csv]);
const fg = JSON.parse(r.stdout.trim().split('\n').pop());

const tcFit = median(fitMs);
const rows = [
  ['', 'tensorcast', 'fGarch', 'ratio'],
  ['fit, 30 series (ms)', tcFit.toFixed(2), (fg.fit_seconds * 1000).toFixed(0), `${(fg.fit_seconds * 1000 / tcFit).toFixed(0)}x`],
  ['whole process (ms)', tcProcess.ms.toFixed(0), r.ms.toFixed(0), `${(r.ms / tcProcess.ms).toFixed(1)}x`],
];
console.log(`GARCH(1,1), constant mean, normal, with Hessian and robust SEs; 30 Dow tickers x ${series[0].timestampsMs.length - 1} returns`);
console.log(`tensorcast: median of ${reps} in-process runs (fit = native compute; request incl. preprocessing ${median(requestMs).toFixed(2)} ms), ${converged}/30 converged, sum loglik ${loglikSum.toFixed(4)}`);
console.log(`fGarch: one R process, loop only; sum loglik ${fg.loglik_sum.toFixed(4)}`);
const w = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padStart(w[c])).join('  '));
