import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerTrainingGradients } from '../../src/neural/gradients.js';

// Expected values: central finite differences of the same scalar function, in float32 on the cpu backend.
describe('training gradients (registered by tensorcast, absent from tfjs-core)', () => {
  it('match finite differences through every op the training loss uses', async () => {
    tf.env().set('PROD', true); // silences the "install tfjs-node" banner
    await tf.setBackend('cpu');
    registerTrainingGradients(tf);
    const x = tf.tensor2d([[0.3, -1.2, 0.8], [1.1, 0.4, -0.6]]);
    const target = tf.tensor2d([[0.5, -0.2], [0.1, 0.9]]);
    const f = (w: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.add(tf.matMul(x, w as tf.Tensor2D), b));
      const head = tf.slice(tf.sub(h, tf.neg(h)), [0, 0], [-1, 2]);
      const v = tf.clipByValue(tf.slice(h, [0, 1], [-1, 2]), -2, 0.9);
      return tf.mean(tf.add(tf.square(tf.sub(head, target)), tf.add(v, tf.mul(tf.square(target), tf.exp(tf.neg(v)))))) as tf.Scalar;
    };
    const w0 = [0.2, -0.4, 0.5, 0.7, 0.1, -0.3, -0.25, 0.6, 0.35];
    const b0 = [0.05, 0.3, -0.1];
    const [gw, gb] = tf.grads((w, b) => f(w, b))([tf.tensor2d(w0, [3, 3]), tf.tensor1d(b0)]);
    const numeric = (values: number[], at: number, make: (v: number[]) => number) => {
      const eps = 1e-3;
      const up = values.slice();
      const down = values.slice();
      up[at] += eps;
      down[at] -= eps;
      return (make(up) - make(down)) / (2 * eps);
    };
    const value = (w: number[], b: number[]) => f(tf.tensor2d(w, [3, 3]), tf.tensor1d(b)).dataSync()[0];
    const gwv = gw.dataSync();
    const gbv = gb.dataSync();
    for (let i = 0; i < w0.length; i++) expect(gwv[i]).toBeCloseTo(numeric(w0, i, (w) => value(w, b0)), 2);
    for (let i = 0; i < b0.length; i++) expect(gbv[i]).toBeCloseTo(numeric(b0, i, (b) => value(w0, b)), 2);
  });
});
