#!/usr/bin/env node
// Issue 9's example: rolling-origin evaluation of the Dow 30 sample (5 origins, horizon 10) for
// GARCH(1,1), auto ARIMA, EWMA, random walk, the neural forecaster (when its artifact is present)
// and an ensemble, in one Evaluate call of the in-process runtime; then each model alone, for the
// breakdown. Prints markdown tables (docs/benchmarks.md, docs/evaluate.md).
//   npm run build && node bench/evaluate/backtest_dow30.mjs [--reps 3]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '../../..');
const d = (p) => import(join(root, 'dist', p));
const { loadConfig } = await d('config/load.js');
const { Runtime } = await d('service/runtime.js');
const { parseCsv } = await d('preprocess/csv.js');
const { validateEvaluateRequest } = await d('server/evaluate_request.js');
const { runBacktest } = await d('evaluate/backtest.js');
const { values: args } = parseArgs({ options: { reps: { type: 'string', default: '3' } } });

const cfg = loadConfig({ env: {} });
const runtime = new Runtime(cfg);
const series = parseCsv(readFileSync(join(root, 'examples/data/dow30_daily_close.csv'), 'utf8'), { defaultTicker: 'dow' });
const names = runtime.models.names();
const priceMembers = ['random_walk', 'arima', ...(names.includes('neural') ? ['neural'] : [])];
const models = [
  { name: 'garch', noFallback: true },
  { name: 'arima' },
  { name: 'ewma' },
  { name: 'random_walk' },
  ...(names.includes('neural') ? [{ name: 'neural' }] : []),
  { name: 'ensemble', members: priceMembers },
];
const backtest = { horizonBars: 10, origins: 5, baselineModel: 'random_walk' };

async function evaluate(ms) {
  const { job, spec, baseline } = validateEvaluateRequest({ models: ms, backtest: { ...backtest, baselineModel: ms.some((m) => m.name === 'random_walk') ? 'random_walk' : '' } }, cfg, runtime.models, { kind: 'messages', series });
  const t0 = performance.now();
  const out = await runBacktest(runtime.engine, job, spec, { baseline, maxValues: cfg.limits.maxBacktestValues });
  return { ms: performance.now() - t0, out };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const reps = Number(args.reps);
await evaluate(models); // warm-up
const all = [];
let last;
for (let r = 0; r < reps; r++) {
  const res = await evaluate(models);
  all.push(res.ms);
  last = res.out;
}
console.log(`| models | windows per model | wall ms (median of ${reps}) |\n| --- | ---: | ---: |`);
console.log(`| ${models.map((m) => m.name).join(', ')} (ensemble of ${priceMembers.join(', ')}) | ${last.windows} | ${median(all).toFixed(0)} |`);
console.log(`\n| model alone | wall ms (median of ${reps}) | native compute ms |\n| --- | ---: | ---: |`);
for (const m of models) {
  const runs = [];
  let compute = 0;
  for (let r = 0; r < reps; r++) {
    const res = await evaluate([m]);
    runs.push(res.ms);
    compute = res.out.timing.computeMs;
  }
  console.log(`| ${m.name} | ${median(runs).toFixed(0)} | ${compute.toFixed(0)} |`);
}
// Mean over tickers of the step-10 RMSE ratio vs random walk and of the one-step direction, per model.
console.log('\n| model | target | tickers ok | mean RMSE ratio vs random walk, step 10 | mean directional accuracy, step 1 | mean QLIKE, step 1 |\n| --- | --- | ---: | ---: | ---: | ---: |');
for (const m of models) {
  const es = last.evaluations.filter((e) => e.model === m.name && e.status === 'OK');
  const mean = (f) => { const xs = es.map(f).filter((x) => x !== undefined); return xs.length ? (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3) : '–'; };
  console.log(`| ${m.name} | ${es[0]?.target ?? ''} | ${es.length} | ${mean((e) => e.steps[9]?.rmseRatio)} | ${mean((e) => e.directionalOneStep)} | ${mean((e) => e.steps[0]?.qlike)} |`);
}
await runtime.close();
