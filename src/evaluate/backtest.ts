/**
 * Rolling-origin evaluation: preprocess the request once, cut every ticker into its origins'
 * training windows, run each model once over all (ticker × origin) windows through the executor
 * (so the batcher and the batched kernels see one large batch), and score each ticker × model.
 */
import type { PreparedBatch, TickerError } from '../core/series.js';
import type { ForecastEngine, StageTiming } from '../pipeline/engine.js';
import type { ForecastJob } from '../pipeline/job.js';
import type { RunControl } from '../batching/types.js';
import { assembleModel, type TickerForecastMsg } from '../pipeline/assemble.js';
import { InvalidArgument } from '../server/status.js';
import { coverage, directionalAccuracy, mae, mase, naiveScale, qlike, rmse, smape, varianceMse } from './metrics.js';
import { isReturnTarget, planOrigins, targetSeries, windowOptions, type BacktestSpec, type OriginPlan } from './origins.js';
import { varBacktest, type VarBacktest } from './var_tests.js';

export interface StepMetrics {
  step: number;
  rmse: number;
  mae: number;
  mase: number;
  smape: number;
  coverage: { level: number; coverage: number }[];
  /** Present for return targets: the variance forecast against the squared realised return. */
  qlike?: number;
  varianceMse?: number;
  /** RMSE over the baseline model's RMSE at this step, when both forecast the same target. */
  rmseRatio?: number;
}

export interface TickerEvaluation {
  ticker: string;
  model: string;
  status: 'OK' | 'ERROR';
  error: string;
  errorCode: string;
  target: string;
  /** Origins scored (windows whose fit failed are left out; see `failedOrigins`). */
  origins: number;
  failedOrigins: number;
  /** Scored origins whose forecast came from a fallback model (GARCH family), not the one asked for. */
  fallbackOrigins: number;
  steps: StepMetrics[];
  /** sign(f1 − y_origin) vs sign(y1 − y_origin) for price targets; sign(f1) vs sign(y1) for returns. */
  directionalOneStep: number;
  /** The same for the change to the last step (sum of the steps for returns). */
  directionalTerminal: number;
  /** One-step VaR backtests at the model's VaR levels (models that report VaR). */
  varTests: (VarBacktest & { level: number })[];
}

export interface BacktestOutcome {
  evaluations: TickerEvaluation[];
  timing: StageTiming;
  windows: number;
}

function failed(ticker: string, model: string, err: TickerError): TickerEvaluation {
  return { ticker, model, status: 'ERROR', error: err.message, errorCode: err.code, target: '', origins: 0, failedOrigins: 0, fallbackOrigins: 0, steps: [], directionalOneStep: 0, directionalTerminal: 0, varTests: [] };
}

interface Scored {
  evaluation: TickerEvaluation;
  rmse: number[];
}

/** Scores one model on one ticker from its windows' forecasts. */
function scoreTicker(batch: PreparedBatch, plan: OriginPlan, i: number, model: string, forecasts: TickerForecastMsg[], rows: number[], h: number): Scored {
  const ok = rows.filter((j) => forecasts[j].status === 'OK');
  if (ok.length === 0) {
    const first = forecasts[rows[0]];
    return { evaluation: failed(batch.tickers[i], model, { code: (first?.errorCode || 'FAILED_PRECONDITION') as TickerError['code'], message: `every origin failed: ${first?.error ?? 'no windows'}` }), rmse: [] };
  }
  const target = forecasts[ok[0]].target;
  const series = targetSeries(batch, i, target);
  if (!series) {
    return { evaluation: failed(batch.tickers[i], model, { code: 'INTERNAL', message: `backtest: no realised series for target ${target}` }), rmse: [] };
  }
  const at = (row: number) => series.values[row - series.offset];
  const returns = isReturnTarget(target);
  const k = ok.length;
  const steps: StepMetrics[] = [];
  const rmses: number[] = [];
  const scale = ok.map((j) => naiveScale(series.values, Math.max(0, plan.windows[j].begin - series.offset), plan.windows[j].origin - series.offset));
  for (let s = 0; s < h; s++) {
    const y = ok.map((j) => at(plan.windows[j].origin + s));
    const f = ok.map((j) => forecasts[j].mean[s]);
    const m: StepMetrics = {
      step: s + 1,
      rmse: rmse(y, f),
      mae: mae(y, f),
      mase: mase(y, f, scale),
      smape: smape(y, f),
      coverage: forecasts[ok[0]].intervals.map((iv, l) => ({
        level: iv.level,
        coverage: coverage(y, ok.map((j) => forecasts[j].intervals[l].lower[s]), ok.map((j) => forecasts[j].intervals[l].upper[s])),
      })),
    };
    if (returns) {
      const v = ok.map((j) => forecasts[j].variance[s]);
      if (v.every((x) => x > 0)) {
        m.qlike = qlike(y, v);
        m.varianceMse = varianceMse(y, v);
      }
    }
    steps.push(m);
    rmses.push(m.rmse);
  }
  // Directions: price targets move from the origin's last value; return targets are changes already.
  const change = (j: number, upTo: number, f?: TickerForecastMsg) => {
    const t = plan.windows[j].origin;
    if (returns) {
      let sum = 0;
      for (let s = 0; s <= upTo; s++) sum += f ? f.mean[s] : at(t + s);
      return sum;
    }
    return (f ? f.mean[upTo] : at(t + upTo)) - at(t - 1);
  };
  const dir = (upTo: number) => directionalAccuracy(ok.map((j) => change(j, upTo)), ok.map((j) => change(j, upTo, forecasts[j])));
  // A level is tested only when every scored origin reported VaR at it (a fallback may not).
  const levels = forecasts[ok[0]].risk.map((r) => r.level).filter((level) => ok.every((j) => forecasts[j].risk.some((r) => r.level === level)));
  const varTests = levels.map((level) => {
    const hits = ok.map((j) => (-at(plan.windows[j].origin) > forecasts[j].risk.find((r) => r.level === level)!.valueAtRisk ? 1 : 0));
    return { level, ...varBacktest(hits, level) };
  });
  return {
    evaluation: {
      ticker: batch.tickers[i],
      model,
      status: 'OK',
      error: '',
      errorCode: '',
      target,
      origins: k,
      failedOrigins: rows.length - k,
      fallbackOrigins: ok.filter((j) => forecasts[j].model !== model).length,
      steps,
      directionalOneStep: dir(0),
      directionalTerminal: dir(h - 1),
      varTests: returns ? varTests : [],
    },
    rmse: rmses,
  };
}

/**
 * `job.models` are evaluated, `baseline` (a model name among them, optional) gives the RMSE ratios.
 * Per-ticker problems are data; only request-level problems throw (as the forecast path does).
 */
export async function runBacktest(engine: ForecastEngine, job: ForecastJob, spec: BacktestSpec, opts: { baseline: string; maxValues: number }, control: RunControl = {}): Promise<BacktestOutcome> {
  const timing: StageTiming = { decodeMs: 0, preprocessMs: 0, queueMs: 0, computeMs: 0, encodeMs: 0 };
  const batch = await engine.prepare(job, timing);
  const plan = planOrigins(batch, spec);
  const values = plan.batch.level.length + plan.batch.returns.length;
  if (values > opts.maxValues) {
    throw new InvalidArgument(`backtest: the ${plan.windows.length} training windows hold ${values} values, more than limits.maxBacktestValues=${opts.maxValues}; use fewer origins or tickers, or a sliding window`);
  }
  const rowsOf: number[][] = batch.tickers.map(() => []);
  plan.windows.forEach((w, j) => rowsOf[w.ticker].push(j));
  const modelControl: RunControl = { priority: job.priority, ...control };
  const scored = await Promise.all(
    job.models.map(async ({ model, options }) => {
      const result = plan.windows.length > 0
        ? await engine.executor.execute({ model, options: windowOptions(model, options), batch: plan.batch, horizonBars: spec.horizonBars, levels: job.levels }, modelControl)
        : undefined;
      if (result) {
        timing.computeMs += result.computeMs;
        timing.queueMs += result.queueMs;
      }
      const t0 = performance.now();
      const forecasts = result ? assembleModel(job.requestId, model, plan.batch, result, spec.horizonBars, job.levels) : [];
      const out = batch.tickers.map((ticker, i) =>
        plan.errors[i] ? { evaluation: failed(ticker, model.name, plan.errors[i]!), rmse: [] } : scoreTicker(batch, plan, i, model.name, forecasts, rowsOf[i], spec.horizonBars),
      );
      timing.encodeMs += performance.now() - t0;
      return out;
    }),
  );
  const base = job.models.findIndex((m) => m.model.name === opts.baseline);
  if (base >= 0) {
    for (const perModel of scored) {
      perModel.forEach((s, i) => {
        const b = scored[base][i];
        if (s.evaluation.status !== 'OK' || b.evaluation.status !== 'OK' || b.evaluation.target !== s.evaluation.target) return;
        s.evaluation.steps.forEach((m, k) => {
          if (b.rmse[k] > 0) m.rmseRatio = s.rmse[k] / b.rmse[k];
        });
      });
    }
  }
  // Ticker order, then model order, as Forecast answers.
  const evaluations: TickerEvaluation[] = [];
  for (let i = 0; i < batch.tickers.length; i++) for (const perModel of scored) evaluations.push(perModel[i].evaluation);
  return { evaluations, timing, windows: plan.windows.length };
}

