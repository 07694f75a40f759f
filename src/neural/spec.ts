import { z } from 'zod';

const positiveInt = z.number().int().positive();

/**
 * The network's shape. It travels inside the artifact (model.json's modelTopology), so serving
 * uses the shape the weights were trained with, never a config that may have drifted from them.
 */
export const networkSpecSchema = z
  .object({
    /** L: past log returns the network sees. */
    windowBars: positiveInt.min(8).max(1024),
    /** H: steps of both heads. */
    horizonBars: positiveInt.max(64),
    /** N-BEATS blocks in the one generic stack. */
    blocks: positiveInt.max(16),
    hiddenUnits: positiveInt.max(1024),
    /** Fully connected ReLU layers per block before the backcast/forecast projections. */
    hiddenLayers: positiveInt.max(8),
    /** Floor of the per-window scale, in percent, so a flat window does not divide by zero. */
    minScalePct: z.number().positive(),
  })
  .strict();

export type NetworkSpec = z.infer<typeof networkSpecSchema>;

export const trainingSchema = z
  .object({
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    /** CSV files (ticker,date,close), relative to the package root. */
    data: z.array(z.string().min(1)).min(1),
    /** Last fraction of every series kept out of training (the evaluation's test range). */
    holdoutFraction: z.number().gt(0).lt(0.5),
    /** Fraction just before the holdout used for validation (early stopping, printed metrics). */
    validationFraction: z.number().gt(0).lt(0.5),
    batchSize: positiveInt.max(65536),
    maxEpochs: positiveInt.max(1000),
    /** Stop after this many epochs without a better validation loss; the best epoch's weights are kept. */
    patienceEpochs: positiveInt,
    learningRate: z.number().positive().max(1),
    /** Weight of the variance head's Gaussian negative log-likelihood against the price head's MSE. */
    varianceLossWeight: z.number().positive(),
    /** tfjs backend the training runs on ('wasm' or 'cpu'; both single-threaded, so reproducible). */
    backend: z.enum(['wasm', 'cpu']),
  })
  .strict();

export type TrainingSpec = z.infer<typeof trainingSchema>;

/** config/neural.yaml: what `npm run train` builds. */
export const neuralTrainConfigSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'name: lower-case letters, digits, - and _'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version: semantic version x.y.z'),
    network: networkSpecSchema,
    training: trainingSchema,
  })
  .strict();

export type NeuralTrainConfig = z.infer<typeof neuralTrainConfigSchema>;

/** Inputs per window: L normalised returns and the log of the window's scale. */
export function inputWidth(spec: NetworkSpec): number {
  return spec.windowBars + 1;
}

/** Outputs per window: H cumulative log changes, then H log variance ratios. */
export function outputWidth(spec: NetworkSpec): number {
  return 2 * spec.horizonBars;
}
