// An independent float64 implementation of the neural forecaster's forward pass, written from the
// architecture description in docs/neural.md, not from src/neural: it reads model.json and
// weights.bin with plain file I/O (no tfjs) and computes in float64 with plain loops. Tests compare
// tfjs (float32) against it; bench/neural/record_reference.mjs records its output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readWeights(dir) {
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const manifest = model.weightsManifest[0];
  const buf = readFileSync(join(dir, manifest.paths[0]));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const weights = {};
  let at = 0;
  for (const { name, shape } of manifest.weights) {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float64Array(size);
    for (let i = 0; i < size; i++, at += 4) values[i] = view.getFloat32(at, true);
    weights[name] = { shape, values };
  }
  return { net: model.modelTopology.network, weights };
}

function dense(x, { shape, values }, bias) {
  const [rows, cols] = shape;
  const y = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = bias.values[j];
    for (let i = 0; i < rows; i++) s += x[i] * values[i * cols + j];
    y[j] = s;
  }
  return y;
}

/**
 * One window of L log returns in percent → { cumPct[H], stepVarPct2[H] }: scale s = max(rms, floor),
 * inputs r/s and ln s; blocks with ReLU hidden layers, residual backcast subtraction, summed forecasts;
 * outputs times s (cumulative change) and exp(clip(v, ±12))·s² (step variance).
 */
export function referenceForecast({ net, weights }, returnsPct) {
  const L = net.windowBars;
  const H = net.horizonBars;
  let ss = 0;
  for (let j = 0; j < L; j++) ss += returnsPct[j] ** 2;
  const s = Math.max(Math.sqrt(ss / L), net.minScalePct);
  let x = new Float64Array(L + 1);
  for (let j = 0; j < L; j++) x[j] = returnsPct[j] / s;
  x[L] = Math.log(s);
  const out = new Float64Array(2 * H);
  for (let b = 0; b < net.blocks; b++) {
    let h = x;
    for (let l = 0; l < net.hiddenLayers; l++) {
      h = dense(h, weights[`block${b}/hidden${l}/kernel`], weights[`block${b}/hidden${l}/bias`]).map((v) => Math.max(0, v));
    }
    const back = dense(h, weights[`block${b}/backcast/kernel`], weights[`block${b}/backcast/bias`]);
    const fore = dense(h, weights[`block${b}/forecast/kernel`], weights[`block${b}/forecast/bias`]);
    x = x.map((v, i) => v - back[i]);
    for (let i = 0; i < 2 * H; i++) out[i] += fore[i];
  }
  const cumPct = [];
  const stepVarPct2 = [];
  for (let k = 0; k < H; k++) {
    cumPct.push(out[k] * s);
    stepVarPct2.push(Math.exp(Math.min(12, Math.max(-12, out[H + k]))) * s * s);
  }
  return { cumPct, stepVarPct2 };
}
