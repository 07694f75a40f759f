/**
 * Gradients of the few kernels the training loss uses. tfjs-core ships its gradient registry empty
 * (the gradient configs come with the @tensorflow/tfjs union package, whose ESM files Node cannot
 * load from tfjs-core's node build), so training registers exactly these; serving needs none.
 * tests/neural/gradients.test.ts checks each against central finite differences.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from './network.js';

type T = tfc.Tensor;

/**
 * Sums a broadcast gradient back to `shape` (the input's shape before broadcasting). Always a new
 * tensor: handing the same dy to two inputs lets the engine dispose it under the other.
 */
function unbroadcast(tf: Tf, dy: T, shape: number[]): T {
  const axes = tf.backend_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

let registered = false;

export function registerTrainingGradients(tf: Tf): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (transposeA || transposeB) throw new Error('BatchMatMul gradient: transposed operands are not used by training');
      return { a: () => tf.matMul(dy as T, b, false, true), b: () => tf.matMul(a, dy as T, true, false) };
    },
  });
  tf.registerGradient({
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(tf, dy as T, a.shape), b: () => unbroadcast(tf, dy as T, b.shape) }),
  });
  tf.registerGradient({
    kernelName: 'Sub',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(tf, dy as T, a.shape), b: () => tf.neg(unbroadcast(tf, dy as T, b.shape)) }),
  });
  tf.registerGradient({
    kernelName: 'Multiply',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(tf, tf.mul(dy as T, b), a.shape), b: () => unbroadcast(tf, tf.mul(dy as T, a), b.shape) }),
  });
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as T, tf.step(x)) }),
  });
  tf.registerGradient({
    kernelName: 'Exp',
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy as T, y) }),
  });
  tf.registerGradient({ kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy as T) }) });
  tf.registerGradient({
    kernelName: 'Square',
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as T, tf.mul(x, 2)) }),
  });
  tf.registerGradient({
    kernelName: 'Mean',
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const { axis } = attrs as unknown as { axis: number | number[] | null };
      if (axis !== null && axis !== undefined && (Array.isArray(axis) ? axis.length !== x.rank : true)) {
        throw new Error('Mean gradient: only the mean over all elements is used by training');
      }
      return { x: () => tf.mul(tf.onesLike(x), tf.div(dy as T, x.size)) };
    },
  });
  tf.registerGradient({
    kernelName: 'Slice',
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const { begin, size } = attrs as unknown as { begin: number[]; size: number[] };
      const paddings = x.shape.map((d, i) => {
        const width = size[i] === -1 ? d - begin[i] : size[i];
        return [begin[i], d - begin[i] - width] as [number, number];
      });
      return { x: () => tf.pad(dy as T, paddings) };
    },
  });
  tf.registerGradient({
    kernelName: 'ClipByValue',
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const { clipValueMin, clipValueMax } = attrs as unknown as { clipValueMin: number; clipValueMax: number };
      return { x: () => tf.mul(dy as T, tf.cast(tf.logicalAnd(tf.greaterEqual(x, clipValueMin), tf.lessEqual(x, clipValueMax)), 'float32')) };
    },
  });
}
