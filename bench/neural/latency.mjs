#!/usr/bin/env node
// Inference latency and throughput of the neural artifact for 30, 1,000 and 10,000 tickers per
// batch on the tfjs wasm and cpu backends: features + forward passes (padded to the serving
// buckets) + decoding, as the worker runs them; then the same through NeuralService (worker thread,
// buffers transferred) on wasm. Wall time and the process's CPU time per batch (median of the runs)
// are reported (process CPU, all threads), since the machine is shared.
//
//   npm run build && node bench/neural/latency.mjs [--runs 7]
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { loadArtifact } from '../../dist/neural/artifact.js';
import { importPackage, selectBackend } from '../../dist/neural/backend.js';
import { bucketPlan } from '../../dist/neural/buckets.js';
import { decodeOutputs, windowInputs } from '../../dist/neural/features.js';
import { predictRows } from '../../dist/neural/network.js';
import { mulberry32 } from '../../dist/core/prng.js';
import { NeuralService } from '../../dist/neural/service.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const DIR = 'models/nbeats/1.0.0';
const BUCKETS = [32, 256, 1024, 4096, 8192]; // config/default.yaml neural.batchBuckets
const SIZES = [30, 1000, 10000];

tf.env().set('PROD', true);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function windows(n, L) {
  const random = mulberry32(7);
  // Gaussian-ish daily returns around 1.5% (sum of uniforms), the kind of window the model sees.
  return Float64Array.from({ length: n * L }, () => 1.5 * (random() + random() + random() - 1.5) * 2);
}

async function measure(run, runs = RUNS) {
  await run(); // first use outside the timing, as the server's warm-up does
  const wall = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

const rows = [];
const row = (backend, path, n, m) => {
  rows.push({ backend, path, n, ...m });
  console.log(`| ${backend} | ${path} | ${n.toLocaleString('en-US')} | ${m.wallMs.toFixed(2)} | ${((1000 * m.wallMs) / n).toFixed(1)} | ${((1000 * m.cpuMs) / n).toFixed(1)} | ${Math.round((n / m.wallMs) * 1000).toLocaleString('en-US')} |`);
};
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores; ${RUNS} runs per cell, medians`);
console.log('| backend | path | tickers | ms per batch | µs per ticker (wall) | µs per ticker (CPU) | tickers/s |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const name of ['wasm', 'cpu']) {
  const choice = await selectBackend(tf, [name], importPackage, (m) => console.error(m));
  const model = await loadArtifact(tf, DIR);
  const spec = model.topology.network;
  const F = spec.windowBars + 1;
  for (const n of SIZES) {
    const w = windows(n, spec.windowBars);
    const m = await measure(async () => {
      const { inputs, scales } = windowInputs(spec, w, n);
      const out = new Float32Array(n * 2 * spec.horizonBars);
      for (const [start, count, padded] of bucketPlan(n, BUCKETS)) {
        const block = new Float32Array(padded * F);
        block.set(inputs.subarray(start * F, (start + count) * F));
        const y = await predictRows(tf, spec, model.weights, block, padded, padded);
        out.set(y.subarray(0, count * 2 * spec.horizonBars), start * 2 * spec.horizonBars);
      }
      decodeOutputs(spec, out, scales);
      // cpu at 10,000 tickers takes seconds per run: three runs give its median.
    }, name === 'cpu' && n === 10000 ? Math.min(RUNS, 3) : RUNS);
    row(choice.label, 'in-process', n, m);
  }
}

// Through the worker thread (what the server does), wasm. process.cpuUsage counts every thread of the process, the worker included.
const service = new NeuralService({ enabled: true, artifact: DIR, backends: ['wasm'], batchBuckets: BUCKETS });
await service.start();
for (const n of SIZES) {
  const w = windows(n, service.network.windowBars);
  row(service.state.backend, 'worker (NeuralService)', n, await measure(() => service.predict(w.slice(), n)));
}
await service.close();
