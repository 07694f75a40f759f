import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { packageRoot } from '../core/paths.js';
import type { ModelRegistry } from '../models/registry.js';
import type { NeuralService } from '../neural/service.js';
import { gpuStatus, type GpuSetup } from '../service/gpu.js';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The neural model's backend as it actually is (proto NeuralInfo). */
function neuralInfo(neural: NeuralService) {
  const s = neural.state;
  return {
    state: s.kind,
    backend: s.kind === 'ready' ? s.backend : '',
    modelVersion: neural.version,
    reason: s.kind === 'failed' ? s.reason : '',
    backendsSkipped: s.kind === 'ready' ? s.skipped.map((k) => `${k.candidate}: ${k.reason}`) : [],
  };
}

export function capabilities(cfg: Config, models: ModelRegistry, native: { backends: string[]; threads: number }, gpu: GpuSetup, neural?: NeuralService) {
  return {
    ...(neural ? { neural: neuralInfo(neural) } : {}),
    version: packageVersion(),
    backendsCompiled: native.backends,
    // Small batches always run on the CPU; a GPU executor adds its backend.
    backendInUse: gpu.kind === 'none' ? 'cpu' : `cpu,${gpu.kind}`,
    gpu: gpuStatus(gpu, cfg),
    nativeThreads: native.threads,
    models: models.all().map((m) => ({
      name: m.name,
      family: m.family,
      target: m.target,
      minPoints: m.minPoints(m.optionsSchema.safeParse({ period: 1 }).data ?? {}),
      parameters: m.parameters,
      description: m.description,
    })),
    limits: {
      maxTickers: cfg.limits.maxTickers,
      maxPointsPerSeries: cfg.limits.maxPointsPerSeries,
      maxHorizonBars: cfg.limits.maxHorizonBars,
      maxMessageBytes: cfg.server.maxMessageBytes,
      maxLevels: cfg.limits.maxLevels,
    },
  };
}
