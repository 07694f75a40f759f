import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { packageRoot } from '../../src/core/paths.js';
import { ArtifactError, loadArtifact } from '../../src/neural/artifact.js';
import { decodeOutputs, windowInputs } from '../../src/neural/features.js';
import { predictRows } from '../../src/neural/network.js';
// @ts-expect-error plain JS module without types
import { readWeights, referenceForecast } from './reference_mlp.mjs';

const DIR = join(packageRoot(), 'models/nbeats/1.0.0');
const recorded = JSON.parse(readFileSync(join(packageRoot(), 'tests/reference/neural_predictions.json'), 'utf8')) as {
  weightsSha256: string;
  cases: { name: string; returnsPct: number[]; cumPct: number[]; stepVarPct2: number[] }[];
};

/** float32 tolerance: the weights are float32 and tfjs computes in float32; the reference in float64. */
function close(actual: ArrayLike<number>, expected: number[]) {
  expected.forEach((e, k) => expect(Math.abs(actual[k] - e)).toBeLessThanOrEqual(2e-4 * Math.max(1, Math.abs(e))));
}

describe('the shipped neural artifact', () => {
  it('is the one the recorded predictions were computed from, and the float64 reference still gives them', () => {
    expect(createHash('sha256').update(readFileSync(join(DIR, 'weights.bin'))).digest('hex')).toBe(recorded.weightsSha256);
    const ref = readWeights(DIR);
    for (const c of recorded.cases) {
      const now = referenceForecast(ref, c.returnsPct);
      expect(now.cumPct).toEqual(c.cumPct);
      expect(now.stepVarPct2).toEqual(c.stepVarPct2);
    }
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`loads on tfjs ${backend} and reproduces the recorded float64 predictions within float32 tolerance`, async () => {
      await tf.setBackend(backend);
      const model = await loadArtifact(tf, DIR);
      expect(model.version).toBe('nbeats@1.0.0');
      const spec = model.topology.network;
      const packed = Float64Array.from(recorded.cases.flatMap((c) => c.returnsPct));
      const { inputs, scales } = windowInputs(spec, packed, recorded.cases.length);
      const heads = decodeOutputs(spec, await predictRows(tf, spec, model.weights, inputs, recorded.cases.length), scales);
      const H = spec.horizonBars;
      recorded.cases.forEach((c, w) => {
        close(heads.cumLogChangePct.subarray(w * H, (w + 1) * H), c.cumPct);
        close(heads.stepVariancePct2.subarray(w * H, (w + 1) * H), c.stepVarPct2);
      });
    });
  }

  for (const backend of ['cpu', 'wasm']) {
    it(`on tfjs ${backend} a window's forecast does not depend on its batch-mates or the bucket size (bit-identical)`, async () => {
      // What lets the dynamic batcher merge neural work across requests exactly, like the kernels.
      await tf.setBackend(backend);
      const model = await loadArtifact(tf, DIR);
      const spec = model.topology.network;
      const F = spec.windowBars + 1;
      const n = 1024;
      const { inputs } = windowInputs(spec, Float64Array.from({ length: n * spec.windowBars }, (_, i) => 2 * Math.sin(0.37 * i)), n);
      const whole = await predictRows(tf, spec, model.weights, inputs, n, n);
      for (const rows of [1, 32, 256]) {
        const part = await predictRows(tf, spec, model.weights, inputs.slice(0, rows * F), rows, rows);
        expect(Array.from(part)).toEqual(Array.from(whole.subarray(0, part.length)));
      }
    });
  }

  it('a truncated weights file, a mismatched manifest and a missing folder are ArtifactErrors naming the problem', async () => {
    await tf.setBackend('cpu');
    const bad = mkdtempSync(join(tmpdir(), 'tc-artifact-'));
    copyFileSync(join(DIR, 'model.json'), join(bad, 'model.json'));
    writeFileSync(join(bad, 'weights.bin'), readFileSync(join(DIR, 'weights.bin')).subarray(0, 100));
    await expect(loadArtifact(tf, bad)).rejects.toThrow(/weights.bin has 100 bytes/);
    const json = JSON.parse(readFileSync(join(DIR, 'model.json'), 'utf8'));
    json.modelTopology.network.hiddenUnits += 1;
    writeFileSync(join(bad, 'model.json'), JSON.stringify(json));
    await expect(loadArtifact(tf, bad)).rejects.toThrow(/does not match the network/);
    await expect(loadArtifact(tf, join(bad, 'nope'))).rejects.toThrow(ArtifactError);
  });
});
