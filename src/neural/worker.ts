/**
 * The worker thread that owns tfjs: picks the backend, loads the artifact, warms up every bucket,
 * then answers predict requests (one forward pass per bucket-sized chunk; a batch of up to the
 * largest bucket is one pass). Nothing here runs on the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { loadArtifact, type LoadedArtifact } from './artifact.js';
import { importPackage, selectBackend } from './backend.js';
import { bucketPlan } from './buckets.js';
import { decodeOutputs, windowInputs } from './features.js';
import { predictRows } from './network.js';
import type { PredictRequest, WorkerInit, WorkerMessage } from './protocol.js';
import { inputWidth, outputWidth } from './spec.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Outputs for n input rows, each forward pass padded up to its bucket. */
async function forwardPadded(model: LoadedArtifact, inputs: Float32Array, n: number): Promise<Float32Array> {
  const spec = model.topology.network;
  const F = inputWidth(spec);
  const width = outputWidth(spec);
  const out = new Float32Array(n * width);
  for (const [start, rows, padded] of bucketPlan(n, init.batchBuckets)) {
    const block = new Float32Array(padded * F);
    block.set(inputs.subarray(start * F, (start + rows) * F));
    const y = await predictRows(tf, spec, model.weights, block, padded, padded);
    out.set(y.subarray(0, rows * width), start * width);
  }
  return out;
}

async function start(): Promise<LoadedArtifact> {
  // PROD silences tfjs' "install tfjs-node" banner; it changes no numerics.
  tf.env().set('PROD', true);
  const choice = await selectBackend(tf, init.backends, importPackage, (message) => post({ type: 'warn', message }));
  const model = await loadArtifact(tf, init.artifactDir);
  const started = performance.now();
  for (const b of init.batchBuckets) await forwardPadded(model, new Float32Array(b * inputWidth(model.topology.network)), b);
  post({
    type: 'ready',
    backend: choice.label,
    skipped: choice.skipped,
    version: model.version,
    weightsSha256: model.weightsSha256,
    network: model.topology.network,
    warmupMs: performance.now() - started,
  });
  return model;
}

const ready = start();
ready.catch((err: Error) => post({ type: 'failed', reason: err.message }));

port.on('message', (req: PredictRequest) => {
  ready.then(
    async (model) => {
      const started = performance.now();
      const spec = model.topology.network;
      const { inputs, scales } = windowInputs(spec, req.windows, req.n);
      const out = await forwardPadded(model, inputs, req.n);
      const { cumLogChangePct, stepVariancePct2 } = decodeOutputs(spec, out, scales);
      post(
        { type: 'result', id: req.id, cumLogChangePct, stepVariancePct2, computeMs: performance.now() - started },
        [cumLogChangePct.buffer as ArrayBuffer, stepVariancePct2.buffer as ArrayBuffer],
      );
    },
    (err: Error) => post({ type: 'error', id: req.id, message: err.message }),
  ).catch((err: Error) => post({ type: 'error', id: req.id, message: err.message }));
});
