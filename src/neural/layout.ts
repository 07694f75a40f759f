/**
 * The weights of the N-BEATS-style network, by name and shape, in one fixed order: the order of
 * the weights file and of every forward pass (tfjs here, plain float64 JS in the tests).
 *
 * One generic stack of `blocks` blocks. Block b maps its input x_b (width F = L+1) through
 * `hiddenLayers` ReLU layers to a backcast (F) and a forecast (2H); x_{b+1} = x_b − backcast_b and
 * the network's output is the sum of the blocks' forecasts (N-BEATS' doubly residual stacking).
 */
import { inputWidth, outputWidth, type NetworkSpec } from './spec.js';

export interface WeightInfo {
  name: string;
  shape: number[];
}

export function weightLayout(spec: NetworkSpec): WeightInfo[] {
  const F = inputWidth(spec);
  const U = spec.hiddenUnits;
  const out: WeightInfo[] = [];
  for (let b = 0; b < spec.blocks; b++) {
    for (let l = 0; l < spec.hiddenLayers; l++) {
      out.push({ name: `block${b}/hidden${l}/kernel`, shape: [l === 0 ? F : U, U] });
      out.push({ name: `block${b}/hidden${l}/bias`, shape: [U] });
    }
    out.push({ name: `block${b}/backcast/kernel`, shape: [U, F] });
    out.push({ name: `block${b}/backcast/bias`, shape: [F] });
    out.push({ name: `block${b}/forecast/kernel`, shape: [U, outputWidth(spec)] });
    out.push({ name: `block${b}/forecast/bias`, shape: [outputWidth(spec)] });
  }
  return out;
}

export function weightCount(spec: NetworkSpec): number {
  return weightLayout(spec).reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}
