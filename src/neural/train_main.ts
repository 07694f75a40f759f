/** Entry of `npm run train` (compiled to dist/neural/train_main.js). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import * as tf from '@tensorflow/tfjs-core';
import { packageRoot } from '../core/paths.js';
import { importPackage, selectBackend } from './backend.js';
import { neuralTrainConfigSchema } from './spec.js';
import { train } from './train.js';

async function main(argv: string[]): Promise<number> {
  const root = packageRoot();
  const file = argv[0] ?? join(root, 'config', 'neural.yaml');
  const parsed = neuralTrainConfigSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    console.error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const cfg = parsed.data;
  // PROD silences tfjs' "install tfjs-node" banner; it changes no numerics.
  tf.env().set('PROD', true);
  await selectBackend(tf, [cfg.training.backend], importPackage, (m) => console.error(m));
  const started = performance.now();
  const result = await train(tf, cfg, root, (line) => console.log(line));
  const v = result.validation;
  console.log(`validation (${v.origins} origins, best epoch ${result.bestEpoch}):`);
  console.log(`  price head: RMSE ratio vs random walk ${v.priceRmseRatioVsRandomWalk.toFixed(4)}, directional accuracy ${v.priceDirectionalAccuracy.toFixed(4)}`);
  console.log(`  variance head: QLIKE ${v.varianceQlike.toFixed(4)} (EWMA 0.94: ${v.varianceQlikeEwma.toFixed(4)}), MSE ${v.varianceMse.toFixed(3)} (EWMA ${v.varianceMseEwma.toFixed(3)})`);
  console.log(`wrote ${result.dir} (weights sha256 ${result.weightsSha256}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
