/**
 * Backtest metrics as one long Arrow IPC table for bulk consumers: a row per ticker × model × step.
 * Columns: ticker, model, status, target, origins, step, rmse, mae, mase, smape, qlike,
 * variance_mse, rmse_ratio, coverage_<level> per level, directional_one_step, directional_terminal.
 * A metric that does not apply is null (never NaN); an errored ticker × model is one row with
 * step 0, its status and nulls.
 */
import { Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import type { StepMetrics, TickerEvaluation } from './backtest.js';

interface Row {
  e: TickerEvaluation;
  s: StepMetrics | undefined;
}

export function evaluationsToArrow(evaluations: readonly TickerEvaluation[], levels: readonly number[]): Uint8Array {
  const rows: Row[] = evaluations.flatMap((e): Row[] => (e.steps.length > 0 ? e.steps.map((s) => ({ e, s })) : [{ e, s: undefined }]));
  const str = (f: (r: Row) => string) => vectorFromArray(rows.map(f), new Utf8());
  const int = (f: (r: Row) => number) => vectorFromArray(rows.map(f), new Int32());
  const num = (f: (r: Row) => number | undefined) => vectorFromArray(rows.map((r) => f(r) ?? null), new Float64());
  const columns: Record<string, Vector> = {
    ticker: str((r) => r.e.ticker),
    model: str((r) => r.e.model),
    status: str((r) => r.e.status),
    target: str((r) => r.e.target),
    origins: int((r) => r.e.origins),
    step: int((r) => r.s?.step ?? 0),
    rmse: num((r) => r.s?.rmse),
    mae: num((r) => r.s?.mae),
    mase: num((r) => r.s?.mase),
    smape: num((r) => r.s?.smape),
    qlike: num((r) => r.s?.qlike),
    variance_mse: num((r) => r.s?.varianceMse),
    rmse_ratio: num((r) => r.s?.rmseRatio),
  };
  levels.forEach((level, l) => {
    columns[`coverage_${level}`] = num((r) => r.s?.coverage[l]?.coverage);
  });
  columns.directional_one_step = num((r) => (r.e.status === 'OK' ? r.e.directionalOneStep : undefined));
  columns.directional_terminal = num((r) => (r.e.status === 'OK' ? r.e.directionalTerminal : undefined));
  return tableToIPC(new Table(columns), 'stream');
}
