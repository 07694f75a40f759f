#!/usr/bin/env node
// Rolling-origin evaluation of the neural artifact on the held-out last 20% of every series
// (never trained on, never used for model choice): every test origin t with t+H inside the series,
// window = the L returns before t, targets = the next H returns. The same origins are scored for
// the random walk (log-change forecast 0), EWMA(0.94) and GARCH(1,1), both refitted on the whole
// prefix [0, t) at every origin by the service's own native kernels (baselineBatch, garchBatch).
//
//   npm run build && node bench/neural/evaluate.mjs [models/nbeats/1.0.0] [--write]
//
// --write stores the numbers in the artifact's card.json ("evaluation").
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadArtifact } from '../../dist/neural/artifact.js';
import { importPackage, selectBackend } from '../../dist/neural/backend.js';
import { loadTickers, origins, windowSet } from '../../dist/neural/dataset.js';
import { decodeOutputs } from '../../dist/neural/features.js';
import { predictRows } from '../../dist/neural/network.js';
import { directionalAccuracy, mase, mse, qlike, rmseRatioVsRandomWalk } from '../../dist/neural/scores.js';
import { loadNative } from '../../dist/native/binding.js';

const args = process.argv.slice(2);
const write = args.includes('--write');
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? 'models/nbeats/1.0.0');
const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'));
const CHUNK = 1000; // prefixes per native call: bounds the packed copy to ~20 MB

tf.env().set('PROD', true);
const backend = await selectBackend(tf, ['wasm', 'cpu'], importPackage, (m) => console.error(m));
const model = await loadArtifact(tf, dir);
const spec = model.topology.network;
const H = spec.horizonBars;
const tickers = loadTickers(card.data.files.map((f) => resolve(f)), card.training);
const list = origins(spec, tickers, 'test');
const n = list.length;
console.log(`${model.version}: ${tickers.length} tickers, ${n} test origins (H = ${H}), backend ${backend.label}`);

// Neural forecasts.
const set = windowSet(spec, tickers, list);
const heads = decodeOutputs(spec, await predictRows(tf, spec, model.weights, set.inputs, n), set.scales);

// Outcomes: cumulative log change per step (%), realized variance over the H steps (%²).
const actual = new Float64Array(n * H);
const realized = new Float64Array(n);
const neuralVar = new Float64Array(n);
const maseScale = new Float64Array(n * H);
const scaleOf = tickers.map((s) => {
  let sum = 0;
  for (let t = 0; t < s.testStart; t++) sum += Math.abs(s.returnsPct[t]);
  return sum / s.testStart; // in-sample mean absolute one-step log-price change
});
list.forEach(({ series, t }, w) => {
  const r = tickers[series].returnsPct;
  let cum = 0;
  for (let k = 0; k < H; k++) {
    cum += r[t + k];
    actual[w * H + k] = cum;
    realized[w] += r[t + k] ** 2;
    neuralVar[w] += heads.stepVariancePct2[w * H + k];
    maseScale[w * H + k] = scaleOf[series];
  }
});

// EWMA and GARCH(1,1) on the same origins, refitted on each prefix.
const native = loadNative();
const ewmaVar = new Float64Array(n);
const garchVar = new Float64Array(n);
let garchNotConverged = 0;
let garchReplaced = 0;
const garchStarted = performance.now();
for (let from = 0; from < n; from += CHUNK) {
  const part = list.slice(from, from + CHUNK);
  const offsets = new Int32Array(part.length + 1);
  part.forEach(({ t }, i) => (offsets[i + 1] = offsets[i] + t));
  const values = new Float64Array(offsets[part.length]);
  part.forEach(({ series, t }, i) => values.set(tickers[series].returnsPct.subarray(0, t), offsets[i]));
  const e = await native.baselineBatch({ kind: 'ewma', values, offsets, horizon: H, lambda: 0.94 });
  const g = await native.garchBatch({
    spec: { vol: 'garch', p: 1, o: 0, q: 1, mean: 'constant', ar: 0, ma: 0, dist: 'normal', init: 'fgarch' },
    values, offsets, horizon: H,
    varTailProbs: new Float64Array(0), quantileProbs: new Float64Array(0), seed: 1, paths: 1, select: 'none',
  });
  part.forEach((_, i) => {
    let ev = 0;
    let gv = 0;
    for (let k = 0; k < H; k++) {
      ev += e.variance[i * H + k];
      gv += g.forecastVariance[i * H + k];
    }
    ewmaVar[from + i] = ev;
    if (!g.converged[i]) garchNotConverged++;
    // A fit that gave no finite positive forecast is scored with the EWMA forecast (counted).
    if (Number.isFinite(gv) && gv > 0) garchVar[from + i] = gv;
    else {
      garchVar[from + i] = ev;
      garchReplaced++;
    }
  });
}
const garchSeconds = (performance.now() - garchStarted) / 1000;

const zeros = new Float64Array(n * H);
const lastStep = (a) => a.filter((_, i) => i % H === H - 1);
const evaluation = {
  date: new Date().toISOString(),
  command: 'node bench/neural/evaluate.mjs',
  origins: n,
  horizonBars: H,
  backend: backend.label,
  price: {
    note: 'cumulative log-price change to steps 1..H pooled; random walk forecasts no change',
    rmseRatioVsRandomWalk: rmseRatioVsRandomWalk(actual, heads.cumLogChangePct),
    rmseRatioVsRandomWalkStepH: rmseRatioVsRandomWalk(lastStep(actual), lastStep(heads.cumLogChangePct)),
    mase: mase(actual, heads.cumLogChangePct, maseScale),
    maseRandomWalk: mase(actual, zeros, maseScale),
    directionalAccuracy: directionalAccuracy(actual, heads.cumLogChangePct),
    directionalAccuracyStepH: directionalAccuracy(lastStep(actual), lastStep(heads.cumLogChangePct)),
  },
  variance: {
    note: 'H-step realized variance (sum of squared daily log returns, %²) against the H-step variance forecast',
    qlike: qlike(realized, neuralVar).mean,
    qlikeEwma: qlike(realized, ewmaVar).mean,
    qlikeGarch: qlike(realized, garchVar).mean,
    originsWithRealizedZero: n - qlike(realized, neuralVar).used,
    mse: mse(realized, neuralVar),
    mseEwma: mse(realized, ewmaVar),
    mseGarch: mse(realized, garchVar),
    garchNotConverged,
    garchReplacedByEwma: garchReplaced,
  },
};
const p = evaluation.price;
const v = evaluation.variance;
const f = (x, d = 4) => x.toFixed(d);
console.log(`price head: RMSE ratio vs RW ${f(p.rmseRatioVsRandomWalk)} (step ${H}: ${f(p.rmseRatioVsRandomWalkStepH)}), MASE ${f(p.mase)} (RW ${f(p.maseRandomWalk)}), directional accuracy ${f(p.directionalAccuracy)} (step ${H}: ${f(p.directionalAccuracyStepH)})`);
console.log(`variance head: QLIKE ${f(v.qlike)} | EWMA ${f(v.qlikeEwma)} | GARCH(1,1) ${f(v.qlikeGarch)};  MSE ${f(v.mse, 1)} | EWMA ${f(v.mseEwma, 1)} | GARCH ${f(v.mseGarch, 1)}`);
console.log(`GARCH: ${v.garchNotConverged} fits not converged, ${v.garchReplacedByEwma} replaced by EWMA; refits took ${f(garchSeconds, 1)} s`);
console.log(`bars: variance QLIKE <= EWMA: ${v.qlike <= v.qlikeEwma ? 'met' : 'NOT met'}; price RMSE ratio <= 1.02: ${p.rmseRatioVsRandomWalk <= 1.02 ? 'met' : 'NOT met'}`);
if (write) {
  card.evaluation = evaluation;
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  console.log(`wrote ${join(dir, 'card.json')}`);
}
