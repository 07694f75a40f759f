import { z } from 'zod';
import { securitySchema } from './security_schema.js';

const port = z.number().int().min(0).max(65535);
const positiveInt = z.number().int().positive();

/** Per-model batch formation overrides (batching.models.<name>); absent keys take the batching.* value. */
const batchFormationOverride = z
  .object({
    enabled: z.boolean().optional(),
    maxBatchSeries: positiveInt.optional(),
    maxBatchPoints: positiveInt.optional(),
    maxQueueDelayUs: z.number().int().min(0).max(10_000_000).optional(),
    dispatchWhenIdle: z.boolean().optional(),
  })
  .strict();

const batching = z
  .object({
    enabled: z.boolean(),
    maxBatchSeries: positiveInt,
    maxBatchPoints: positiveInt,
    maxQueueDelayUs: z.number().int().min(0).max(10_000_000),
    dispatchWhenIdle: z.boolean(),
    maxQueuedSeries: positiveInt,
    maxQueuedBytes: positiveInt,
    bulkAgingUs: z.number().int().min(0),
    retryAfterMinMs: positiveInt,
    retryAfterMaxMs: positiveInt,
    executors: z.object({ cpu: z.object({ maxInFlightBatches: positiveInt.max(64) }).strict() }).strict(),
    models: z.record(z.string(), batchFormationOverride),
  })
  .strict()
  .refine((b) => b.retryAfterMinMs <= b.retryAfterMaxMs, { message: 'retryAfterMinMs must be <= retryAfterMaxMs', path: ['retryAfterMinMs'] });

/** The neural model's serving settings (docs/neural.md); the network itself comes from the artifact. */
const neural = z
  .object({
    enabled: z.boolean(),
    /** Artifact folder models/<name>/<version>, absolute or relative to the package root. */
    artifact: z.string().min(1),
    /** tfjs backends in order of preference; the first that loads is used. */
    backends: z.array(z.enum(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'])).min(1).refine((b) => new Set(b).size === b.length, 'backends: listed twice'),
    /** Forward-pass batch sizes, ascending, each warmed up at start-up. */
    batchBuckets: z
      .array(positiveInt.max(65536))
      .min(1)
      .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]), 'batchBuckets: must be strictly ascending'),
  })
  .strict();

/**
 * Seeded fault injection, one shape for every injector (src/compute/faults.ts): which attempts are
 * faulted and how. Mode none (every default) injects nothing.
 */
function injection<const M extends readonly [string, ...string[]]>(modes: M) {
  return z.object({
    mode: z.enum(['none', ...modes]),
    /** The Nth, 2Nth, ... attempt is a candidate for a fault. */
    everyN: positiveInt,
    /** A candidate is faulted with this probability (seeded, so a run is reproducible). */
    probability: z.number().min(0).max(1),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    /** After this many faults no more are injected (so recovery can be watched); null: no limit. */
    maxFaults: z.number().int().min(0).nullable(),
  });
}

/** Makes the GPU executor fail on purpose (docs/gpu_routing.md). */
const faultInjection = injection(['fail', 'oom', 'timeout']).strict();

/**
 * Fault injection for the reliability tests (docs/reliability.md): kill a preprocessing worker in
 * the middle of a task; fail or slow a CPU compute batch, or make a batch holding one ticker throw
 * as a native kernel error would. Testing aid only; off by default.
 */
const faults = z
  .object({
    preprocess: injection(['crash']).strict(),
    compute: injection(['fail', 'slow'])
      .extend({
        /** mode slow: the faulted batch starts this much later. */
        slowMs: z.number().int().min(0).max(600_000),
        /** A CPU batch holding this ticker throws like a native kernel error ('' = none). */
        poisonTicker: z.string(),
      })
      .strict(),
  })
  .strict();

/** What /readyz reports as degraded: faults contained within this window are listed there. */
const readiness = z.object({ degradedWindowMs: positiveInt }).strict();

/** The GPU executor, its routing threshold and its circuit breaker (docs/gpu_routing.md). */
const gpu = z
  .object({
    enabled: z.boolean(),
    /** 'auto': derived from the CPU thread count at start-up (docs/gpu_routing.md). */
    minBatchSeries: z.union([z.literal('auto'), positiveInt]),
    maxInFlightBatches: positiveInt.max(64),
    batchTimeoutMs: positiveInt,
    tripAfterConsecutiveFailures: positiveInt,
    tripFailureRate: z.number().gt(0).max(1),
    failureRateWindowBatches: positiveInt.max(10_000),
    coolDownMs: positiveInt,
    /** Testing aid only: a GPU executor that runs batches on the CPU kernels. */
    simulateDevice: z.boolean(),
    faultInjection,
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be "HH:MM" (24 h)');

/** The fitted-state cache (docs/cache.md). */
const cache = z
  .object({
    enabled: z.boolean(),
    maxBytes: positiveInt,
    refitEveryBars: positiveInt,
    maxAgeSessions: positiveInt,
    maxAgeTradingMinutes: positiveInt,
    calendar: z
      .object({
        timeZone: z.string().refine((tz) => {
          try {
            new Intl.DateTimeFormat('en-US', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'unknown IANA time zone'),
        weekendDays: z.array(z.number().int().min(0).max(6)).max(6),
        holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be "YYYY-MM-DD"')),
        sessionOpen: hhmm,
        sessionClose: hhmm,
      })
      .strict()
      .refine((c) => c.sessionOpen < c.sessionClose, { message: 'sessionClose must be after sessionOpen', path: ['sessionClose'] }),
    snapshot: z.object({ path: z.string().min(1).nullable(), intervalMs: positiveInt }).strict(),
    /** Fitted at start-up, before ready: `models` (ModelSpec objects, camelCase) on the tickers of `file` (CSV). */
    warmup: z
      .object({
        file: z.string().min(1).nullable(),
        models: z.array(z.object({ name: z.string().min(1) }).passthrough()).max(8),
      })
      .strict(),
  })
  .strict();

/** The one validated configuration schema. Defaults live in config/default.yaml, not here. */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1),
        port,
        maxMessageBytes: positiveInt.max(1 << 30),
        maxResponseBytes: positiveInt.max(2 ** 31 - 1),
        shutdownGraceMs: z.number().int().min(0),
      })
      .strict(),
    http: z.object({ host: z.string().min(1), port }).strict(),
    limits: z
      .object({
        maxTickers: positiveInt,
        maxPointsPerSeries: positiveInt,
        maxHorizonBars: positiveInt,
        maxBacktestOrigins: positiveInt,
        maxBacktestValues: positiveInt,
        maxLevels: positiveInt,
        maxModelsPerRequest: positiveInt,
        maxSimulationDrawsPerSeries: positiveInt,
      })
      .strict(),
    preprocess: z
      .object({
        threads: positiveInt,
        maxQueue: positiveInt,
        chunkTickers: positiveInt,
        inlineMaxValues: z.number().int().min(0),
        missingPolicy: z.enum(['reject', 'drop', 'ffill']),
        orderPolicy: z.enum(['sort', 'reject']),
        duplicatePolicy: z.enum(['keep_last', 'reject']),
        returns: z.enum(['log_pct', 'simple_pct']),
      })
      .strict(),
    compute: z.object({ nativeThreads: z.number().int().min(0) }).strict(),
    forecast: z
      .object({
        defaultLevels: z.array(z.number().gt(0).lt(1)).min(1),
        ewmaLambda: z.number().gt(0).lt(1),
      })
      .strict(),
    garch: z
      .object({
        maxPersistence: z.number().gt(0).max(1),
        varLevels: z.array(z.number().gt(0.5).lt(1)).min(1).max(8),
        seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        simulationPaths: positiveInt.max(1_000_000),
      })
      .strict(),
    ensemble: z
      .object({
        origins: positiveInt.min(2).max(250),
        gateRmseRatio: z.number().gt(1),
      })
      .strict(),
    batching,
    cache,
    neural,
    gpu,
    security: securitySchema,
    faults,
    readiness,
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) })
      .strict(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
