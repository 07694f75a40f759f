/**
 * `npm run train`: trains the global network on every ticker of the configured data at once and
 * writes the versioned artifact. Deterministic: weights and data order come from the seed, the
 * tfjs backend is single-threaded, and tickers are taken in name order.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactDir, saveArtifact, type ModelTopology } from './artifact.js';
import { loadTickers, origins, windowSet, type TickerReturns, type WindowSet } from './dataset.js';
import { decodeOutputs } from './features.js';
import { registerTrainingGradients } from './gradients.js';
import { weightCount, weightLayout } from './layout.js';
import { forward, initialWeights, predictRows, type Tf, type Weights } from './network.js';
import { mulberry32, shuffledIndices } from '../core/prng.js';
import { directionalAccuracy, ewmaAtOrigins, mse, qlike, rmseRatioVsRandomWalk } from './scores.js';
import { inputWidth, type NeuralTrainConfig, type NetworkSpec } from './spec.js';
import type * as tfc from '@tensorflow/tfjs-core';

export interface TrainResult {
  dir: string;
  weightsSha256: string;
  bestEpoch: number;
  validation: ValidationMetrics;
}

export interface ValidationMetrics {
  origins: number;
  priceRmseRatioVsRandomWalk: number;
  priceDirectionalAccuracy: number;
  varianceQlike: number;
  varianceQlikeEwma: number;
  varianceMse: number;
  varianceMseEwma: number;
  loss: number;
}

/** Price MSE plus weighted Gaussian negative log-likelihood of the step returns (up to constants). */
function lossOf(tf: Tf, spec: NetworkSpec, weights: Weights, x: tfc.Tensor2D, cum: tfc.Tensor2D, step: tfc.Tensor2D, varianceWeight: number): tfc.Scalar {
  const H = spec.horizonBars;
  const out = forward(tf, spec, weights, x);
  const price = tf.slice(out, [0, 0], [-1, H]);
  const logVar = tf.clipByValue(tf.slice(out, [0, H], [-1, H]), -12, 12);
  const priceLoss = tf.mean(tf.square(tf.sub(price, cum)));
  const nll = tf.mean(tf.add(logVar, tf.mul(tf.square(step), tf.exp(tf.neg(logVar)))));
  return tf.add(priceLoss, tf.mul(nll, varianceWeight)) as tfc.Scalar;
}

function rows(src: Float32Array, width: number, idx: Int32Array, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * width);
  for (let i = from; i < to; i++) out.set(src.subarray(idx[i] * width, (idx[i] + 1) * width), (i - from) * width);
  return out;
}

async function evaluateSet(tf: Tf, spec: NetworkSpec, weights: Weights, set: WindowSet, tickers: TickerReturns[], list: { series: number; t: number }[], cfg: NeuralTrainConfig): Promise<ValidationMetrics> {
  const H = spec.horizonBars;
  const out = await predictRows(tf, spec, weights, set.inputs, set.count);
  const { cumLogChangePct, stepVariancePct2 } = decodeOutputs(spec, out, set.scales);
  const actualCum = new Float64Array(set.count * H);
  const realized = new Float64Array(set.count);
  const forecastVar = new Float64Array(set.count);
  for (let w = 0; w < set.count; w++) {
    const s = set.scales[w];
    for (let k = 0; k < H; k++) {
      actualCum[w * H + k] = set.cumTargets[w * H + k] * s;
      realized[w] += (set.stepTargets[w * H + k] * s) ** 2;
      forecastVar[w] += stepVariancePct2[w * H + k];
    }
  }
  const ewma = new Float64Array(set.count);
  tickers.forEach((s, series) => {
    const at = list.map((o, w) => ({ o, w })).filter(({ o }) => o.series === series);
    const v = ewmaAtOrigins(s.returnsPct, at.map(({ o }) => o.t), 0.94);
    at.forEach(({ w }, i) => (ewma[w] = H * v[i]));
  });
  const loss = tf.tidy(() =>
    lossOf(tf, spec, weights, tf.tensor2d(set.inputs, [set.count, inputWidth(spec)]), tf.tensor2d(set.cumTargets, [set.count, H]), tf.tensor2d(set.stepTargets, [set.count, H]), cfg.training.varianceLossWeight).dataSync()[0],
  );
  return {
    origins: set.count,
    priceRmseRatioVsRandomWalk: rmseRatioVsRandomWalk(actualCum, cumLogChangePct),
    priceDirectionalAccuracy: directionalAccuracy(actualCum, cumLogChangePct),
    varianceQlike: qlike(realized, forecastVar).mean,
    varianceQlikeEwma: qlike(realized, ewma).mean,
    varianceMse: mse(realized, forecastVar),
    varianceMseEwma: mse(realized, ewma),
    loss,
  };
}

/** 1 − fraction, printed without binary noise (0.7, not 0.7000000000000001). */
const cut = (fraction: number) => Number((1 - fraction).toFixed(6));

function snapshot(weights: Map<string, tfc.Variable>): Map<string, Float32Array> {
  return new Map([...weights].map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

export async function train(tf: Tf, cfg: NeuralTrainConfig, root: string, log: (line: string) => void): Promise<TrainResult> {
  registerTrainingGradients(tf);
  const spec = cfg.network;
  const t = cfg.training;
  const H = spec.horizonBars;
  const F = inputWidth(spec);
  const tickers = loadTickers(t.data.map((f) => join(root, f)), t);
  const trainList = origins(spec, tickers, 'train');
  const validationList = origins(spec, tickers, 'validation');
  const trainSet = windowSet(spec, tickers, trainList);
  const validationSet = windowSet(spec, tickers, validationList);
  log(`data: ${tickers.length} tickers, ${trainSet.count} training windows, ${validationSet.count} validation windows; ${weightCount(spec)} weights; backend ${tf.getBackend()}`);

  const init = initialWeights(spec, t.seed);
  const vars = new Map(weightLayout(spec).map(({ name, shape }) => [name, tf.variable(tf.tensor(init.get(name)!, shape), true, name)]));
  const varList = [...vars.values()];
  const optimizer = tf.train.adam(t.learningRate);
  const order = mulberry32(t.seed + 1);
  let best = { loss: Infinity, epoch: 0, weights: snapshot(vars) };
  for (let epoch = 1; epoch <= t.maxEpochs; epoch++) {
    const started = performance.now();
    const idx = shuffledIndices(trainSet.count, order);
    let sum = 0;
    let batches = 0;
    for (let from = 0; from < trainSet.count; from += t.batchSize) {
      const to = Math.min(trainSet.count, from + t.batchSize);
      const x = tf.tensor2d(rows(trainSet.inputs, F, idx, from, to), [to - from, F]);
      const cum = tf.tensor2d(rows(trainSet.cumTargets, H, idx, from, to), [to - from, H]);
      const step = tf.tensor2d(rows(trainSet.stepTargets, H, idx, from, to), [to - from, H]);
      const cost = optimizer.minimize(() => lossOf(tf, spec, vars, x, cum, step, t.varianceLossWeight), true, varList)!;
      sum += cost.dataSync()[0];
      batches++;
      tf.dispose([x, cum, step, cost]);
    }
    const v = await evaluateSet(tf, spec, vars, validationSet, tickers, validationList, cfg);
    const improved = v.loss < best.loss;
    if (improved) best = { loss: v.loss, epoch, weights: snapshot(vars) };
    log(`epoch ${epoch}: train loss ${(sum / batches).toFixed(5)}, validation loss ${v.loss.toFixed(5)}${improved ? ' (best)' : ''}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (epoch - best.epoch >= t.patienceEpochs) break;
  }

  const bestWeights: Weights = new Map(weightLayout(spec).map(({ name, shape }) => [name, tf.tensor(best.weights.get(name)!, shape)]));
  const validation = await evaluateSet(tf, spec, bestWeights, validationSet, tickers, validationList, cfg);
  const topology: ModelTopology = { name: cfg.name, version: cfg.version, network: spec };
  const dir = artifactDir(root, cfg.name, cfg.version);
  mkdirSync(dir, { recursive: true });
  const weightsSha256 = await saveArtifact(tf, dir, topology, bestWeights);
  const card = {
    model: `${cfg.name}@${cfg.version}`,
    description: 'Global N-BEATS-style MLP: h-step log-price changes and per-step log variance from the last L log returns, per-window normalised',
    date: new Date().toISOString(),
    data: {
      files: t.data,
      tickers: tickers.map((s) => s.ticker),
      observations: tickers.reduce((n, s) => n + s.closes.length, 0),
      split: `per series, by time: train [0, ${cut(t.holdoutFraction + t.validationFraction)}), validation [${cut(t.holdoutFraction + t.validationFraction)}, ${cut(t.holdoutFraction)}), held-out test [${cut(t.holdoutFraction)}, 1) of the returns; the test range is never trained on or used for model choice`,
      trainingWindows: trainSet.count,
      validationWindows: validationSet.count,
    },
    network: { ...spec, weights: weightCount(spec) },
    training: { ...t, optimizer: 'adam', bestEpoch: best.epoch, backend: tf.getBackend(), tfjsCore: tf.version_core },
    weightsSha256,
    validation,
    evaluation: null as unknown,
  };
  writeFileSync(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
  tf.dispose([...varList, ...bestWeights.values()]);
  return { dir, weightsSha256, bestEpoch: best.epoch, validation };
}
