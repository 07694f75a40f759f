/**
 * `ensemble`: member models weighted by their own rolling-origin backtest on the request's series.
 * Per ticker: every member forecasts the last `origins` non-overlapping horizons (one batched run per
 * member over all tickers × origins) and the full series; weights come from the backtest errors
 * (weights.ts); the forecast is the weighted mixture of the members' predictive distributions
 * (mixture.ts). A gate replaces the ensemble by its best member when the ensemble's backtest RMSE is
 * more than `gate_ratio` times that member's (weights fitted on the same origins they are scored on,
 * so this is an in-sample check: it catches an ensemble that cannot help, not overfitting).
 */
import type { PreparedBatch, TickerError } from '../../core/series.js';
import { planOrigins, targetSeries, windowOptions, type BacktestSpec } from '../../evaluate/origins.js';
import { mergeRanges } from '../../batching/merge.js';
import { gatherResult, uniqueSeries } from './dedupe.js';
import type { EnsembleInfo, ForecastModel, ModelBatchResult, ModelRun } from '../model.js';
import { emptyBatchResult } from '../model.js';
import { mixtureMean, mixtureQuantile, mixtureVariance, type Component } from './mixture.js';
import { ensembleOptionsSchema, type EnsembleDefaults, type EnsembleOptions } from './options.js';
import { constrainedLsWeights, inverseMseWeights, memberMse } from './weights.js';

interface MemberRuns {
  model: ForecastModel<any>;
  backtest: ModelBatchResult;
  full: ModelBatchResult;
}

/** The target a member forecast for series i of `batch` (as assemble names it). */
function targetOf(m: ForecastModel<any>, r: ModelBatchResult, batch: PreparedBatch, i: number): string {
  const t = r.details?.[i]?.target;
  if (t) return t;
  if (m.target === 'level') return batch.levelKind[i];
  if (batch.levelKind[i] === 'ret') return 'ret';
  return batch.returnsKind === 'log_pct' ? 'log_return_pct' : 'simple_return_pct';
}

function fail(result: ModelBatchResult, i: number, message: string, code: TickerError['code'] = 'FAILED_PRECONDITION') {
  result.errors[i] = { code, message: `ensemble: ${message}` };
}

export function ensembleModel(models: (name: string) => ForecastModel<any> | undefined, defaults: EnsembleDefaults): ForecastModel<EnsembleOptions> {
  const optionsSchema = ensembleOptionsSchema(defaults, (name) => {
    if (name === 'ensemble') return 'an ensemble cannot be its own member';
    const m = models(name);
    if (!m) return 'unknown model';
    return m.optionsSchema.safeParse({}).success ? undefined : 'needs options of its own (members run with their defaults)';
  });
  return {
    name: 'ensemble',
    family: 'ensemble',
    target: 'level',
    description: 'Weighted mixture of member models, weights from their rolling-origin backtest on the request (inverse MSE or constrained least squares), gated against the best member',
    parameters: [
      { name: 'members', type: 'string', defaultValue: '', description: 'member model names (2..8), each with its default options; all must forecast the same target' },
      { name: 'weighting', type: 'string', defaultValue: 'inverse_mse', description: '"inverse_mse" | "cls" (non-negative least squares weights summing to 1)' },
      { name: 'origins', type: 'int', defaultValue: String(defaults.origins), description: 'backtest origins (non-overlapping horizons) that weigh the members' },
      { name: 'gate_ratio', type: 'double', defaultValue: String(defaults.gateRmseRatio), description: 'use the best member instead when the ensemble RMSE ratio to it exceeds this' },
    ],
    optionsSchema,
    minPoints: (o) => 2 + o.origins,
    async run({ batch, options, horizonBars: h, levels }: ModelRun<EnsembleOptions>): Promise<ModelBatchResult> {
      const result = emptyBatchResult(batch, h);
      const n = batch.tickers.length;
      result.details = new Array(n).fill(undefined);
      const spec: BacktestSpec = { window: 'expanding', windowBars: 0, firstOrigin: 0, stepBars: h, horizonBars: h, origins: options.origins };
      const plan = planOrigins(batch, spec);
      const members = options.members.map((name) => models(name)!);
      const started = performance.now();
      // The inner windows and the forecast series as one batch, each distinct series once.
      const windows = plan.batch.tickers.length;
      const combined = mergeRanges([
        { batch: plan.batch, start: 0, end: windows },
        { batch, start: 0, end: n },
      ]);
      const { unique, rowOf } = uniqueSeries(combined);
      const shared = unique.tickers.length < combined.tickers.length;
      const runs: MemberRuns[] = await Promise.all(
        members.map(async (model) => {
          const memberOptions = model.optionsSchema.parse({});
          if (shared) {
            const out = await model.run({ batch: unique, options: windowOptions(model, memberOptions), horizonBars: h, levels });
            const full = gatherResult(out, unique.tickers.length, rowOf.slice(windows));
            return { model, backtest: gatherResult(out, unique.tickers.length, rowOf.slice(0, windows)), full: { ...full, computeMs: 0 } };
          }
          const [backtest, full] = await Promise.all([
            model.run({ batch: plan.batch, options: windowOptions(model, memberOptions), horizonBars: h, levels }),
            model.run({ batch, options: memberOptions, horizonBars: h, levels }),
          ]);
          return { model, backtest, full };
        }),
      );
      result.computeMs = runs.reduce((s, r) => s + r.backtest.computeMs + r.full.computeMs, 0);
      result.queueMs = Math.max(0, performance.now() - started - result.computeMs);
      result.backend = [...new Set(runs.map((r) => r.full.backend))].sort().join(',');
      const rowsOf: number[][] = batch.tickers.map(() => []);
      plan.windows.forEach((w, j) => rowsOf[w.ticker].push(j));
      for (let i = 0; i < n; i++) {
        if (plan.errors[i]) {
          result.errors[i] = plan.errors[i];
          continue;
        }
        combineTicker(result, batch, plan, runs, rowsOf[i], i, h, levels, options);
      }
      return result;
    },
  };
}

function combineTicker(
  result: ModelBatchResult,
  batch: PreparedBatch,
  plan: ReturnType<typeof planOrigins>,
  runs: MemberRuns[],
  rows: number[],
  i: number,
  h: number,
  levels: number[],
  options: EnsembleOptions,
): void {
  const M = runs.length;
  const bad = runs.find((r) => r.full.errors[i] || rows.some((j) => r.backtest.errors[j]));
  if (bad) {
    const err = bad.full.errors[i] ?? rows.map((j) => bad.backtest.errors[j]).find(Boolean)!;
    return fail(result, i, `member ${bad.model.name} failed: ${err.message}`, err.code);
  }
  const targets = runs.map((r) => targetOf(r.model, r.full, batch, i));
  if (new Set(targets).size > 1) {
    return fail(result, i, `members forecast different targets (${runs.map((r, m) => `${r.model.name}: ${targets[m]}`).join(', ')}); choose members of one target`, 'INVALID_ARGUMENT');
  }
  const series = targetSeries(batch, i, targets[0]);
  if (!series) return fail(result, i, `no realised series for target ${targets[0]}`, 'INTERNAL');
  // Backtest matrix: one row per (origin, step), one column per member.
  const F = new Float64Array(rows.length * h * M);
  const y = new Float64Array(rows.length * h);
  rows.forEach((j, o) => {
    for (let s = 0; s < h; s++) {
      const r = o * h + s;
      y[r] = series.values[plan.windows[j].origin + s - series.offset];
      for (let m = 0; m < M; m++) F[r * M + m] = runs[m].backtest.mean[j * h + s];
    }
  });
  const weights = options.weighting === 'cls' ? constrainedLsWeights(F, y, M) : inverseMseWeights(F, y, M);
  const rmse = runs.map((_, m) => Math.sqrt(memberMse(F, y, m, M)));
  let ensSse = 0;
  for (let r = 0; r < y.length; r++) {
    let f = 0;
    for (let m = 0; m < M; m++) f += weights[m] * F[r * M + m];
    ensSse += (y[r] - f) ** 2;
  }
  const ensRmse = Math.sqrt(ensSse / y.length);
  const best = rmse.indexOf(Math.min(...rmse));
  const ratio = rmse[best] > 0 ? ensRmse / rmse[best] : ensRmse > 0 ? Infinity : 1;
  const gated = ratio > options.gateRatio;
  const used = gated ? runs.map((_, m) => (m === best ? 1 : 0)) : Array.from(weights);
  const info: EnsembleInfo = {
    members: runs.map((r, m) => ({ model: r.model.name, weight: used[m], backtestWeight: weights[m], rmse: rmse[m] })),
    weighting: options.weighting,
    origins: rows.length,
    rmse: ensRmse,
    rmseRatioToBest: Number.isFinite(ratio) ? ratio : 0,
    bestModel: runs[best].model.name,
    gated,
  };
  const intervals = levels.map(() => ({ lower: new Array<number>(h), upper: new Array<number>(h) }));
  for (let s = 0; s < h; s++) {
    const comps: Component[] = runs.map((r, m) => ({ weight: used[m], mean: r.full.mean[i * h + s], variance: r.full.variance[i * h + s] }));
    result.mean[i * h + s] = mixtureMean(comps);
    result.variance[i * h + s] = mixtureVariance(comps);
    levels.forEach((level, l) => {
      intervals[l].lower[s] = mixtureQuantile(comps, 0.5 - level / 2);
      intervals[l].upper[s] = mixtureQuantile(comps, 0.5 + level / 2);
    });
  }
  result.params[i] = Object.fromEntries(runs.map((r, m) => [`w_${r.model.name}`, used[m]]));
  result.points[i] = runs[0].full.points[i];
  result.details![i] = {
    target: targets[0],
    ensemble: info,
    intervals,
    ...(gated ? { modelUsed: info.bestModel, fallbackReason: `ensemble backtest RMSE is ${ratio.toFixed(3)}x that of ${info.bestModel} (> gate_ratio ${options.gateRatio}): ${info.bestModel} alone` } : {}),
  };
}
