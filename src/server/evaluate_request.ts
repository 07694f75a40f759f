/** Edge validation of an EvaluateRequest: the series and models as Forecast does, plus the backtest options. */
import { z } from 'zod';
import type { Config } from '../config/schema.js';
import type { ModelRegistry } from '../models/registry.js';
import type { ForecastJob, SeriesInput } from '../pipeline/job.js';
import { InvalidArgument } from './status.js';
import { validateJob, type ProtoForecastRequest } from './validate.js';
import type { BacktestSpec } from '../evaluate/origins.js';

export interface ProtoBacktestOptions {
  window?: string;
  windowBars?: number;
  firstOrigin?: number;
  stepBars?: number;
  horizonBars?: number;
  origins?: number;
  baselineModel?: string;
}

export type ProtoEvaluateRequest = Omit<ProtoForecastRequest, 'horizonBars'> & { backtest?: ProtoBacktestOptions | null; arrowResults?: boolean };

export interface EvaluateJob {
  job: ForecastJob;
  spec: BacktestSpec;
  baseline: string;
}

const schemas = new WeakMap<Config['limits'], ReturnType<typeof buildBacktestSchema>>();

function backtestSchema(limits: Config['limits']) {
  let schema = schemas.get(limits);
  if (!schema) schemas.set(limits, (schema = buildBacktestSchema(limits)));
  return schema;
}

function buildBacktestSchema(limits: Config['limits']) {
  const count = (field: string, max: number) =>
    z.number().int(`backtest.${field}: must be an integer`).min(0, `backtest.${field}: must be >= 0`).max(max, `backtest.${field}: must be <= ${max}`);
  return z.object({
    window: z.enum(['WINDOW_EXPANDING', 'WINDOW_SLIDING']),
    windowBars: count('window_bars', limits.maxPointsPerSeries),
    firstOrigin: count('first_origin', limits.maxPointsPerSeries),
    stepBars: count('step_bars', limits.maxPointsPerSeries),
    horizonBars: count('horizon_bars', limits.maxHorizonBars).min(1, 'backtest.horizon_bars: must be >= 1'),
    origins: count('origins', limits.maxBacktestOrigins).min(1, 'backtest.origins: must be >= 1'),
    baselineModel: z.string(),
  });
}

export function validateEvaluateRequest(req: ProtoEvaluateRequest, cfg: Config, models: ModelRegistry, input?: SeriesInput): EvaluateJob {
  const b = req.backtest ?? {};
  const parsed = backtestSchema(cfg.limits).safeParse({
    window: b.window || 'WINDOW_EXPANDING',
    windowBars: b.windowBars ?? 0,
    firstOrigin: b.firstOrigin ?? 0,
    stepBars: b.stepBars ?? 0,
    horizonBars: b.horizonBars ?? 0,
    origins: b.origins ?? 0,
    baselineModel: b.baselineModel ?? '',
  });
  if (!parsed.success) throw new InvalidArgument(parsed.error.issues.map((i) => i.message).join('; '));
  const o = parsed.data;
  const window = o.window === 'WINDOW_SLIDING' ? 'sliding' : 'expanding';
  if (window === 'sliding' && o.windowBars < 2) throw new InvalidArgument('backtest.window_bars: a sliding window needs window_bars >= 2');
  const job = validateJob({ ...req, horizonBars: o.horizonBars }, cfg, models, input);
  if (o.baselineModel !== '' && !job.models.some((m) => m.model.name === o.baselineModel)) {
    throw new InvalidArgument(`backtest.baseline_model: "${o.baselineModel}" is not among the request's models (${job.models.map((m) => m.model.name).join(', ')})`);
  }
  const spec: BacktestSpec = {
    window,
    windowBars: o.windowBars,
    firstOrigin: o.firstOrigin,
    stepBars: o.stepBars > 0 ? o.stepBars : o.horizonBars,
    horizonBars: o.horizonBars,
    origins: o.origins,
  };
  return { job, spec, baseline: o.baselineModel };
}
