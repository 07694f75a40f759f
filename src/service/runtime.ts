import type { Config } from '../config/schema.js';
import { baselineModels } from '../models/baselines.js';
import { garchFamilyModels } from '../models/garch/model.js';
import { ModelRegistry } from '../models/registry.js';
import { loadNative, type NativeBinding } from '../native/binding.js';
import { ForecastEngine } from '../pipeline/engine.js';
import { PreprocessPool } from '../preprocess/pool.js';

/**
 * The compute side of tensorcast without any transport: native kernels, the preprocessing pool,
 * the model registry and the engine. The gRPC server and the in-process CLI both build one.
 */
export class Runtime {
  readonly native: NativeBinding;
  readonly pool: PreprocessPool;
  readonly models: ModelRegistry;
  readonly engine: ForecastEngine;

  constructor(readonly cfg: Config) {
    this.native = loadNative();
    this.native.configure({ threads: cfg.compute.nativeThreads });
    this.pool = new PreprocessPool({
      threads: cfg.preprocess.threads,
      maxQueue: cfg.preprocess.maxQueue,
      chunkTickers: cfg.preprocess.chunkTickers,
    });
    const native = () => this.native;
    this.models = new ModelRegistry([
      ...baselineModels(native, { ewmaLambda: cfg.forecast.ewmaLambda }),
      ...garchFamilyModels(native, cfg.garch, cfg.forecast.ewmaLambda),
    ]);
    this.engine = new ForecastEngine(this.pool, cfg);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
