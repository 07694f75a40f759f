/** The forward pass in tfjs over a whole batch of windows (see layout.ts for the architecture). */
import type * as tfc from '@tensorflow/tfjs-core';
import { weightLayout } from './layout.js';
import { mulberry32 } from '../core/prng.js';
import type { NetworkSpec } from './spec.js';

export type Tf = typeof tfc;
export type Weights = Map<string, tfc.Tensor>;

/** n × (L+1) inputs → n × 2H outputs. Call inside tf.tidy: the intermediates are not disposed here. */
export function forward(tf: Tf, spec: NetworkSpec, weights: Weights, inputs: tfc.Tensor2D): tfc.Tensor2D {
  const w = (name: string) => weights.get(name)!;
  let residual: tfc.Tensor2D = inputs;
  let output: tfc.Tensor2D | undefined;
  for (let b = 0; b < spec.blocks; b++) {
    let h: tfc.Tensor2D = residual;
    for (let l = 0; l < spec.hiddenLayers; l++) {
      h = tf.relu(tf.add(tf.matMul(h, w(`block${b}/hidden${l}/kernel`) as tfc.Tensor2D), w(`block${b}/hidden${l}/bias`)));
    }
    const backcast = tf.add(tf.matMul(h, w(`block${b}/backcast/kernel`) as tfc.Tensor2D), w(`block${b}/backcast/bias`));
    const forecast: tfc.Tensor2D = tf.add(tf.matMul(h, w(`block${b}/forecast/kernel`) as tfc.Tensor2D), w(`block${b}/forecast/bias`));
    residual = tf.sub(residual, backcast);
    output = output ? tf.add(output, forecast) : forecast;
  }
  return output!;
}

/**
 * Initial weights from the seed alone: Glorot-uniform hidden kernels (He scaling would overshoot
 * with the residual subtraction), zero biases, and projections scaled by 0.1 so the untrained
 * network forecasts about zero change and the window's own variance.
 */
export function initialWeights(spec: NetworkSpec, seed: number): Map<string, Float32Array> {
  const random = mulberry32(seed);
  const out = new Map<string, Float32Array>();
  for (const { name, shape } of weightLayout(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0] + shape[1])) * (name.includes('hidden') ? 1 : 0.1);
      for (let i = 0; i < size; i++) values[i] = (2 * random() - 1) * limit;
    }
    out.set(name, values);
  }
  return out;
}

/** Outputs (n × 2H) for n packed input rows, `chunkRows` rows per forward pass. */
export async function predictRows(tf: Tf, spec: NetworkSpec, weights: Weights, inputs: Float32Array, n: number, chunkRows = 4096): Promise<Float32Array> {
  const F = spec.windowBars + 1;
  const width = 2 * spec.horizonBars;
  const out = new Float32Array(n * width);
  for (let start = 0; start < n; start += chunkRows) {
    const rows = Math.min(chunkRows, n - start);
    const x = tf.tensor2d(inputs.subarray(start * F, (start + rows) * F), [rows, F]);
    const y = tf.tidy(() => forward(tf, spec, weights, x));
    out.set(await y.data(), start * width);
    tf.dispose([x, y]);
  }
  return out;
}
