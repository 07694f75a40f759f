import { DynamicBatcher } from '../batching/batcher.js';
import { DirectExecutor, type ModelExecutor } from '../batching/types.js';
import { CpuExecutor } from '../compute/executor.js';
import { FaultInjector } from '../compute/faults.js';
import { computeExecutor } from '../compute/faulty_executor.js';
import type { Config } from '../config/schema.js';
import { arimaModel } from '../models/arima/model.js';
import { baselineModels } from '../models/baselines.js';
import { ensembleModel } from '../models/ensemble/model.js';
import { garchFamilyModels } from '../models/garch/model.js';
import { neuralModel } from '../models/neural/model.js';
import { ModelRegistry } from '../models/registry.js';
import { loadNative, type NativeBinding } from '../native/binding.js';
import { NeuralService } from '../neural/service.js';
import { FaultLog } from '../obs/fault_log.js';
import { createLogger, type Logger } from '../obs/logger.js';
import { ForecastEngine } from '../pipeline/engine.js';
import { PreprocessPool } from '../preprocess/pool.js';
import { setUpGpu, type GpuSetup } from './gpu.js';
import { cachedModel } from '../cache/cached_model.js';
import { cachedArimaModel } from '../cache/cached_arima.js';
import { CacheService } from '../cache/service.js';

/**
 * The compute side of tensorcast without any transport: native kernels, the preprocessing pool,
 * the model registry and the engine. The gRPC server and the in-process CLI both build one.
 */
export class Runtime {
  readonly native: NativeBinding;
  readonly pool: PreprocessPool;
  readonly models: ModelRegistry;
  readonly engine: ForecastEngine;
  /** The neural model's worker; started by the server at start-up, or by the first neural request. */
  readonly neural: NeuralService;
  /** The dynamic batcher, or a direct executor when batching.enabled is false. */
  readonly executor: ModelExecutor;
  /** CUDA detection and the GPU executor (when there is a device, or a simulated one for tests). */
  readonly gpu: GpuSetup;
  /** The fitted-state cache (cache.enabled), wrapped around the GARCH-family models. */
  readonly cache: CacheService | undefined;
  /** Faults contained instead of failing calls (worker crashes, failed batches): /readyz and /metrics read it. */
  readonly faultLog: FaultLog;

  constructor(
    readonly cfg: Config,
    log: Logger = createLogger(cfg.log.level),
    /** Wall clock of the cache's aging (a replay benchmark passes the replayed bar's time). */
    clock: { nowMs?: () => number } = {},
  ) {
    this.native = loadNative();
    this.native.configure({ threads: cfg.compute.nativeThreads });
    this.faultLog = new FaultLog(cfg.readiness.degradedWindowMs);
    const f = cfg.faults;
    if (f.preprocess.mode !== 'none' || f.compute.mode !== 'none' || f.compute.poisonTicker !== '') {
      log.warn({ faults: f }, 'faults.* is on: a TESTING AID — preprocessing workers and compute batches will fail on purpose');
    }
    this.pool = new PreprocessPool({
      threads: cfg.preprocess.threads,
      maxQueue: cfg.preprocess.maxQueue,
      chunkTickers: cfg.preprocess.chunkTickers,
      inlineMaxValues: cfg.preprocess.inlineMaxValues,
      faults: f.preprocess.mode === 'none' ? undefined : new FaultInjector(f.preprocess),
      faultLog: this.faultLog,
    });
    const native = () => this.native;
    this.neural = new NeuralService({ ...cfg.neural, warn: (msg) => log.warn(msg) });
    this.cache = cfg.cache.enabled ? new CacheService(cfg.cache, log, clock.nowMs) : undefined;
    const cache = this.cache?.cache;
    const garch = garchFamilyModels(native, cfg.garch, cfg.forecast.ewmaLambda);
    this.models = new ModelRegistry([
      ...baselineModels(native, { ewmaLambda: cfg.forecast.ewmaLambda }),
      ...(cache ? garch.map((m) => cachedModel(m, cache, native)) : garch),
      cache ? cachedArimaModel(arimaModel(native), cache) : arimaModel(native),
      ensembleModel((name) => this.models.get(name), cfg.ensemble),
      neuralModel(this.neural),
    ]);
    this.gpu = setUpGpu(cfg, this.native, this.models, log);
    // The GPU executor lives in the batcher (routing by batch size); batching off runs on the CPU.
    const cpu = computeExecutor(new CpuExecutor(), f.compute);
    this.executor = cfg.batching.enabled
      ? new DynamicBatcher({ config: cfg.batching, modelNames: this.models.names(), gpu: this.gpu.routing, cpu, faultLog: this.faultLog })
      : new DirectExecutor(cpu, this.faultLog);
    this.engine = new ForecastEngine(this.pool, cfg, this.executor);
  }

  /** What /readyz lists as degraded on the compute side: contained faults of the last window, a worker being replaced. */
  degradedReasons(): string[] {
    return [...this.pool.degradedReasons(), ...this.faultLog.degradedReasons()];
  }

  async close(): Promise<void> {
    this.executor.close?.();
    await Promise.all([this.pool.close(), this.neural.close(), this.cache?.close()]);
  }
}
