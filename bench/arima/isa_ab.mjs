#!/usr/bin/env node
// The AVX2 build of the automatic ARIMA search against the baseline x86-64 build, in one process:
// auto ARIMA on the 30 Dow tickers' returns, alternating TENSORCAST_NATIVE_ISA=baseline and the
// default (AVX2 where the CPU has it) three times, median of 7 runs each; checks the two give the
// same numbers (docs/benchmarks.md, ARIMA section).
//   npm run build && node bench/arima/isa_ab.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../../..');
const d = (p) => import(join(root, 'dist', p));
const { loadConfig } = await d('config/load.js');
const { parseCsv } = await d('preprocess/csv.js');
const { Runtime } = await d('service/runtime.js');
const { validateJob } = await d('server/validate.js');
const cfg = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, cache: { enabled: false } } });
const runtime = new Runtime(cfg);
const series = parseCsv(readFileSync(join(root, 'examples/data/dow30_daily_close.csv'), 'utf8'));
const job = validateJob({ models: [{ name: 'arima', auto: true, transform: 'returns' }], horizonBars: 10 }, cfg, runtime.models, { kind: 'messages', series });
const times = { baseline: [], auto: [] };
const numbers = {};
for (const isa of ['baseline', 'auto', 'baseline', 'auto', 'baseline', 'auto']) {
  process.env.TENSORCAST_NATIVE_ISA = isa;
  const ms = [];
  let out;
  for (let r = 0; r < 7; r++) {
    out = await runtime.engine.run(job);
    ms.push(out.timing.computeMs);
  }
  ms.sort((a, b) => a - b);
  times[isa].push(ms[3]);
  numbers[isa] = JSON.stringify(out.forecasts.map((f) => [f.params, f.fit.loglik, f.fit.aicc, f.mean, f.variance]));
}
await runtime.close();
const med = (xs) => [...xs].sort((a, b) => a - b)[1];
console.log(`auto ARIMA, 30 series: baseline ${times.baseline.map((x) => x.toFixed(1)).join(', ')} ms; AVX2 ${times.auto.map((x) => x.toFixed(1)).join(', ')} ms`);
console.log(`median baseline / AVX2: ${(med(times.baseline) / med(times.auto)).toFixed(3)}x; identical numbers: ${numbers.baseline === numbers.auto}`);
