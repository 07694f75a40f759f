/**
 * The versioned model artifact, models/<name>/<version>/: model.json (tfjs model artifacts JSON:
 * topology + weights manifest), weights.bin (float32, little-endian, in layout order) and card.json.
 * tfjs-core has no file handler without tfjs-node, so saving goes through tf.io.withSaveHandler and
 * loading through tf.io.fromMemory, with the file I/O here.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfc from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { weightLayout } from './layout.js';
import type { Tf, Weights } from './network.js';
import { networkSpecSchema, type NetworkSpec } from './spec.js';

export const MODEL_FORMAT = 'tensorcast-nbeats';
export const WEIGHTS_FILE = 'weights.bin';

const topologySchema = z.object({ name: z.string().min(1), version: z.string().min(1), network: networkSpecSchema }).strict();

const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  generatedBy: z.string().optional(),
  modelTopology: topologySchema,
  weightsManifest: z
    .array(z.object({ paths: z.array(z.string()).length(1), weights: z.array(z.object({ name: z.string(), shape: z.array(z.number().int()), dtype: z.literal('float32') })) }))
    .length(1),
});

export type ModelTopology = z.infer<typeof topologySchema>;

export interface LoadedArtifact {
  topology: ModelTopology;
  weights: Weights;
  /** `name@version`, what responses report. */
  version: string;
  /** sha256 of weights.bin, hex. */
  weightsSha256: string;
}

export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

export function versionOf(t: ModelTopology): string {
  return `${t.name}@${t.version}`;
}

/** Writes model.json and weights.bin into `dir`; returns the weights' sha256. */
export async function saveArtifact(tf: Tf, dir: string, topology: ModelTopology, weights: Weights): Promise<string> {
  const ordered = weightLayout(topology.network).map(({ name }) => ({ name, tensor: weights.get(name)! }));
  const { data, specs } = await tf.io.encodeWeights(ordered);
  let sha = '';
  const handler = tf.io.withSaveHandler(async (artifacts: tfc.io.ModelArtifacts) => {
    mkdirSync(dir, { recursive: true });
    const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
    writeFileSync(join(dir, WEIGHTS_FILE), bytes);
    sha = createHash('sha256').update(bytes).digest('hex');
    const modelJson = {
      format: MODEL_FORMAT,
      generatedBy: artifacts.generatedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson, null, 2) + '\n');
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  await handler.save!({ modelTopology: topology as unknown as object, weightSpecs: specs, weightData: data, format: MODEL_FORMAT, generatedBy: 'tensorcast npm run train' });
  return sha;
}

/** Reads and checks model.json; the weights file as bytes. Throws ArtifactError naming what is wrong. */
export function readArtifactFiles(dir: string): { modelJson: z.infer<typeof modelJsonSchema>; weightBytes: Uint8Array } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  } catch (err) {
    throw new ArtifactError(`${join(dir, 'model.json')}: ${(err as Error).message}`);
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) throw new ArtifactError(`${join(dir, 'model.json')}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const modelJson = parsed.data;
  const expected = weightLayout(modelJson.modelTopology.network);
  const listed = modelJson.weightsManifest[0].weights;
  const same = expected.length === listed.length && expected.every((w, i) => w.name === listed[i].name && w.shape.join('x') === listed[i].shape.join('x'));
  if (!same) throw new ArtifactError(`${dir}: weights manifest does not match the network in modelTopology`);
  let weightBytes: Uint8Array;
  try {
    weightBytes = new Uint8Array(readFileSync(join(dir, modelJson.weightsManifest[0].paths[0])));
  } catch (err) {
    throw new ArtifactError(`${dir}: ${(err as Error).message}`);
  }
  const need = expected.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (weightBytes.byteLength !== need) throw new ArtifactError(`${dir}: ${WEIGHTS_FILE} has ${weightBytes.byteLength} bytes, the manifest needs ${need}`);
  return { modelJson, weightBytes };
}

export async function loadArtifact(tf: Tf, dir: string): Promise<LoadedArtifact> {
  const { modelJson, weightBytes } = readArtifactFiles(dir);
  const handler = tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weightBytes.slice().buffer,
  });
  const artifacts = await handler.load!();
  const named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  for (const [name, t] of Object.entries(named)) {
    if (!t.dataSync().every(Number.isFinite)) throw new ArtifactError(`${dir}: weight ${name} is not finite`);
  }
  const topology = modelJson.modelTopology;
  return {
    topology,
    weights: new Map(Object.entries(named)),
    version: versionOf(topology),
    weightsSha256: createHash('sha256').update(weightBytes).digest('hex'),
  };
}

export function artifactDir(root: string, name: string, version: string): string {
  return join(root, 'models', name, version);
}

export type { NetworkSpec };
