import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { packageRoot } from '../core/paths.js';
import type { ModelRegistry } from '../models/registry.js';
import { gpuStatus, type GpuSetup } from '../service/gpu.js';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function capabilities(cfg: Config, models: ModelRegistry, native: { backends: string[]; threads: number }, gpu: GpuSetup) {
  return {
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
