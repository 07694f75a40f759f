import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import type { ModelRegistry } from '../models/registry.js';
import type { ForecastJob, ModelRequest, SeriesInput } from '../pipeline/job.js';
import { fromProtoSeries, type ProtoSeries } from '../preprocess/decode_proto.js';
import { InvalidArgument } from './status.js';

/** The ForecastRequest as @grpc/proto-loader decodes it (see server/proto.ts for the options). */
export interface ProtoForecastRequest {
  requestId?: string;
  series?: ProtoSeries[];
  arrowIpc?: Uint8Array;
  models?: { name?: string; period?: number; lambda?: number }[];
  horizonBars?: number;
  levels?: number[];
  preprocess?: {
    missingPolicy?: string;
    orderPolicy?: string;
    duplicatePolicy?: string;
    returns?: string;
  } | null;
  /** Enum name as decoded: PRIORITY_INTERACTIVE (the default) or PRIORITY_BULK. */
  priority?: string;
}

const MISSING = { MISSING_REJECT: 'reject', MISSING_DROP: 'drop', MISSING_FFILL: 'ffill' } as const;
const ORDER = { ORDER_SORT: 'sort', ORDER_REJECT: 'reject' } as const;
const DUPLICATES = { DUPLICATE_KEEP_LAST: 'keep_last', DUPLICATE_REJECT: 'reject' } as const;
const RETURNS = { RETURNS_LOG_PCT: 'log_pct', RETURNS_SIMPLE_PCT: 'simple_pct' } as const;
const PRIORITY = { PRIORITY_INTERACTIVE: 'interactive', PRIORITY_BULK: 'bulk' } as const;

function pick<T extends Record<string, string>>(table: T, value: string | undefined, fallback: T[keyof T]): T[keyof T] {
  return value !== undefined && value in table ? table[value as keyof T] : fallback;
}

// Building a zod schema costs ~1 ms (zod v4 compiles it), more than parsing with it; one per config.
const requestSchemas = new WeakMap<Config['limits'], ReturnType<typeof buildRequestSchema>>();

function requestSchema(cfg: Config) {
  let schema = requestSchemas.get(cfg.limits);
  if (!schema) requestSchemas.set(cfg.limits, (schema = buildRequestSchema(cfg.limits)));
  return schema;
}

function buildRequestSchema(limits: Config['limits']) {
  return z.object({
    requestId: z.string().max(128, 'request_id: at most 128 characters').optional(),
    series: z
      .array(z.any())
      .max(limits.maxTickers, `series: more than limits.maxTickers=${limits.maxTickers} tickers`)
      // The wire never gives a null entry, but a JS caller can; it must not reach fromProtoSeries.
      .refine((a) => a.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s)), 'series: each entry must be a Series message'),
    arrowIpc: z.instanceof(Uint8Array).optional(),
    models: z
      .array(z.object({ name: z.string() }).passthrough())
      .min(1, 'models: at least one model is required')
      .max(limits.maxModelsPerRequest, `models: at most limits.maxModelsPerRequest=${limits.maxModelsPerRequest}`),
    horizonBars: z
      .number()
      .int()
      .min(1, 'horizon_bars: must be >= 1')
      .max(limits.maxHorizonBars, `horizon_bars: must be <= limits.maxHorizonBars=${limits.maxHorizonBars}`),
    levels: z
      .array(z.number().gt(0, 'levels: each level must be in (0,1)').lt(1, 'levels: each level must be in (0,1)'))
      .max(limits.maxLevels, `levels: at most limits.maxLevels=${limits.maxLevels}`),
  });
}

function isGiven(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === '' || v === false) return false;
  return !(Array.isArray(v) && v.length === 0);
}

function formatIssues(err: z.ZodError): string {
  return err.issues
    .map((i) => (i.message.includes(':') ? i.message : `${i.path.join('.') || 'request'}: ${i.message}`))
    .join('; ');
}

/**
 * Edge validation: shape, limits, models and options. Values inside the series are checked by the
 * preprocessing pool (off the event loop), which reports problems in the same "field[index] (TICKER)" form.
 */
export function validateForecastRequest(req: ProtoForecastRequest, cfg: Config, models: ModelRegistry): ForecastJob {
  return validateJob(req, cfg, models);
}

/**
 * The same validation for callers that decoded the series themselves (the CLI reads CSV): `input`
 * replaces the request's series/arrow_ipc.
 */
export function validateJob(req: ProtoForecastRequest, cfg: Config, models: ModelRegistry, input?: SeriesInput): ForecastJob {
  const parsed = requestSchema(cfg).safeParse({
    requestId: req.requestId || undefined,
    series: req.series ?? [],
    arrowIpc: req.arrowIpc && req.arrowIpc.length > 0 ? req.arrowIpc : undefined,
    models: req.models ?? [],
    horizonBars: req.horizonBars ?? 0,
    levels: req.levels ?? [],
  });
  if (!parsed.success) throw new InvalidArgument(formatIssues(parsed.error));
  const r = parsed.data;

  const hasSeries = r.series.length > 0;
  if (input && input.kind === 'messages' && input.series.length > cfg.limits.maxTickers) {
    throw new InvalidArgument(`series: more than limits.maxTickers=${cfg.limits.maxTickers} tickers`);
  }
  if (!input && hasSeries === (r.arrowIpc !== undefined)) {
    throw new InvalidArgument(
      hasSeries ? 'send either series or arrow_ipc, not both' : 'no data: send series or arrow_ipc',
    );
  }

  const modelRequests: ModelRequest[] = r.models.map((spec, idx) => {
    const model = models.get(spec.name);
    if (!model) {
      throw new InvalidArgument(`models[${idx}].name: unknown model "${spec.name}" (known: ${models.names().join(', ')})`);
    }
    // Proto fields default to 0 / "" / false / [], which mean "not given" for every model parameter.
    const fields = Object.fromEntries(Object.entries(spec).filter(([k, v]) => k !== 'name' && isGiven(v)));
    if (fields.cache === 'origins') {
      throw new InvalidArgument(`models[${idx}] (${model.name}) cache: "origins" is what Evaluate uses internally; use "", "refit" or "bypass"`);
    }
    if (fields.cache !== undefined && !model.cached) {
      throw new InvalidArgument(`models[${idx}] (${model.name}) cache: only the cached models (${models.names().filter((n) => models.get(n)?.cached).join(', ') || 'none: cache.enabled is false'}) take a cache policy`);
    }
    const opts = model.optionsSchema.safeParse(fields);
    if (!opts.success) {
      throw new InvalidArgument(
        opts.error.issues.map((i) => `models[${idx}] (${model.name}) ${i.path.join('.') || 'options'}: ${i.message}`).join('; '),
      );
    }
    // Simulated forecasts cost paths x horizon draws per series: bound them so one call cannot pin the CPUs.
    const sim = opts.data as { paths?: number; delta?: number };
    const simulates = model.name === 'egarch' || (model.name === 'aparch' && sim.delta === undefined);
    if (simulates && (sim.paths ?? 0) * r.horizonBars > cfg.limits.maxSimulationDrawsPerSeries) {
      throw new InvalidArgument(
        `models[${idx}] (${model.name}) paths: ${sim.paths} paths x horizon_bars ${r.horizonBars} is more than limits.maxSimulationDrawsPerSeries=${cfg.limits.maxSimulationDrawsPerSeries} simulated draws per series; use fewer paths or a shorter horizon`,
      );
    }
    return { model, options: opts.data };
  });

  const levels = r.levels.length > 0 ? r.levels : cfg.forecast.defaultLevels;
  if (new Set(levels).size !== levels.length) throw new InvalidArgument('levels: duplicate level');

  const p = req.preprocess ?? {};
  const d = cfg.preprocess;
  return {
    requestId: r.requestId ?? randomUUID(),
    input: input ?? (hasSeries ? { kind: 'messages', series: fromProtoSeries(r.series as ProtoSeries[]) } : { kind: 'arrow', bytes: r.arrowIpc! }),
    models: modelRequests,
    horizonBars: r.horizonBars,
    levels,
    policy: {
      missing: pick(MISSING, p.missingPolicy, d.missingPolicy),
      order: pick(ORDER, p.orderPolicy, d.orderPolicy),
      duplicates: pick(DUPLICATES, p.duplicatePolicy, d.duplicatePolicy),
      returns: pick(RETURNS, p.returns, d.returns),
    },
    priority: pick(PRIORITY, req.priority, 'interactive'),
  };
}
