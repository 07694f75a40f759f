/** BacktestOutcome → the EvaluateResponse message (proto-loader's camelCase shape; no NaN ever). */
import { evaluationsToArrow } from './arrow.js';
import type { BacktestOutcome, StepMetrics, TickerEvaluation } from './backtest.js';

function stepMessage(m: StepMetrics) {
  return {
    step: m.step,
    rmse: m.rmse,
    mae: m.mae,
    mase: m.mase,
    smape: m.smape,
    coverage: m.coverage,
    hasVarianceMetrics: m.qlike !== undefined,
    qlike: m.qlike ?? 0,
    varianceMse: m.varianceMse ?? 0,
    hasRmseRatio: m.rmseRatio !== undefined,
    rmseRatio: m.rmseRatio ?? 0,
  };
}

export function evaluationMessage(e: TickerEvaluation) {
  return { ...e, steps: e.steps.map(stepMessage) };
}

export function evaluateResponse(requestId: string, outcome: BacktestOutcome, totalMs: number, arrow?: { levels: number[] }) {
  return {
    requestId,
    evaluations: outcome.evaluations.map(evaluationMessage),
    windows: outcome.windows,
    timing: { ...outcome.timing, totalMs },
    arrowIpc: arrow ? evaluationsToArrow(outcome.evaluations, arrow.levels) : new Uint8Array(0),
  };
}
