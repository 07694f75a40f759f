import { z } from 'zod';
import { BASELINE_PARAM_NAMES, PARAM_SLOTS, type BaselineKind, type NativeBinding } from '../native/binding.js';
import { NativeStatus } from '../native/status.js';
import type { PreparedBatch, TickerError } from '../core/series.js';
import type { ForecastModel, ModelBatchResult, ModelRun, ParameterInfo } from './model.js';


interface BaselineDef<Options> {
  name: string;
  kind: BaselineKind;
  family: 'baseline' | 'volatility';
  target: 'level' | 'returns';
  description: string;
  parameters: ParameterInfo[];
  optionsSchema: z.ZodType<Options>;
  minPoints(o: Options): number;
  nativeArgs(o: Options): { period?: number; lambda?: number };
}

function seriesSlice(batch: PreparedBatch, target: 'level' | 'returns') {
  return target === 'level'
    ? { values: batch.level, offsets: batch.levelOffsets }
    : { values: batch.returns, offsets: batch.returnOffsets };
}

function tickerError(model: string, status: number, points: number, minPoints: number): TickerError {
  if (status === NativeStatus.TOO_SHORT) {
    return { code: 'FAILED_PRECONDITION', message: `${model} needs at least ${minPoints} points, got ${points}` };
  }
  if (status === NativeStatus.NON_FINITE) {
    return { code: 'FAILED_PRECONDITION', message: `${model}: non-finite result (values overflow double precision)` };
  }
  return { code: 'INVALID_ARGUMENT', message: `${model}: bad model parameter (status ${status})` };
}

/** One descriptor type serves every baseline: they differ only in kernel kind and options. */
function baseline<Options>(def: BaselineDef<Options>, native: () => NativeBinding): ForecastModel<Options> {
  return {
    name: def.name,
    family: def.family,
    target: def.target,
    description: def.description,
    parameters: def.parameters,
    optionsSchema: def.optionsSchema,
    minPoints: def.minPoints,
    async run({ batch, options, horizonBars }: ModelRun<Options>): Promise<ModelBatchResult> {
      const { values, offsets } = seriesSlice(batch, def.target);
      const n = batch.tickers.length;
      const started = performance.now();
      const out = await native().baselineBatch({ kind: def.kind, values, offsets, horizon: horizonBars, ...def.nativeArgs(options) });
      const wallMs = performance.now() - started;
      const points = new Int32Array(n);
      const params: Record<string, number>[] = [];
      const errors: (TickerError | null)[] = [];
      const minPoints = def.minPoints(options);
      for (let i = 0; i < n; i++) {
        points[i] = offsets[i + 1] - offsets[i];
        const prior = batch.errors[i];
        if (prior) {
          errors.push(prior);
          params.push({});
        } else if (out.status[i] !== NativeStatus.OK) {
          errors.push(tickerError(def.name, out.status[i], points[i], minPoints));
          params.push({});
        } else {
          errors.push(null);
          const p: Record<string, number> = {};
          BASELINE_PARAM_NAMES[def.kind].forEach((name, k) => (p[name] = out.params[i * PARAM_SLOTS + k]));
          params.push(p);
        }
      }
      return {
        mean: out.mean,
        variance: out.variance,
        params,
        errors,
        points,
        computeMs: out.computeMs,
        queueMs: Math.max(0, wallMs - out.computeMs),
        backend: 'cpu',
      };
    },
  };
}

const noOptions = z.object({}).passthrough().transform(() => ({}));

export function baselineModels(native: () => NativeBinding, defaults: { ewmaLambda: number }): ForecastModel<any>[] {
  return [
    baseline<{}>(
      {
        name: 'random_walk',
        kind: 'random_walk',
        family: 'baseline',
        target: 'level',
        description: 'Naive forecast: last value; variance h*sigma2 with sigma2 the mean squared one-step change',
        parameters: [],
        optionsSchema: noOptions,
        minPoints: () => 2,
        nativeArgs: () => ({}),
      },
      native,
    ),
    baseline<{}>(
      {
        name: 'drift',
        kind: 'drift',
        family: 'baseline',
        target: 'level',
        description: 'Random walk with drift (y_T - y_1)/(T-1); variance h*sigma2*(1 + h/(T-1))',
        parameters: [],
        optionsSchema: noOptions,
        minPoints: () => 3,
        nativeArgs: () => ({}),
      },
      native,
    ),
    baseline<{ period: number }>(
      {
        name: 'seasonal_naive',
        kind: 'seasonal_naive',
        family: 'baseline',
        target: 'level',
        description: 'Value one season earlier; variance sigma2*(floor((h-1)/m)+1)',
        parameters: [{ name: 'period', type: 'int', defaultValue: '', description: 'season length m in bars (required, >= 1)' }],
        optionsSchema: z.object({
          period: z.number({ error: 'period is required for seasonal_naive' }).int().min(1, 'period must be >= 1'),
        }),
        minPoints: (o) => o.period + 1,
        nativeArgs: (o) => ({ period: o.period }),
      },
      native,
    ),
    baseline<{ lambda: number }>(
      {
        name: 'ewma',
        kind: 'ewma',
        family: 'volatility',
        target: 'returns',
        description: 'RiskMetrics EWMA variance of returns, zero mean, flat variance forecast',
        parameters: [{ name: 'lambda', type: 'double', defaultValue: String(defaults.ewmaLambda), description: 'decay in (0,1)' }],
        optionsSchema: z.object({
          lambda: z.number().gt(0, 'lambda must be in (0,1)').lt(1, 'lambda must be in (0,1)').default(defaults.ewmaLambda),
        }),
        minPoints: () => 2,
        nativeArgs: (o) => ({ lambda: o.lambda }),
      },
      native,
    ),
  ];
}
