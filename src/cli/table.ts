import type { TickerEvaluation } from '../evaluate/backtest.js';
import type { TickerForecastMsg } from '../pipeline/assemble.js';

const fmt = (x: number | undefined, digits = 4) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(digits));

/** A plain-text table: one row per (ticker, model), h-step mean and the widest interval at the last step. */
export function forecastTable(forecasts: TickerForecastMsg[]): string {
  const rows = [['ticker', 'model', 'target', 'n', 'mean[h]', 'sd[h]', 'interval[h]', 'status']];
  for (const f of forecasts) {
    const h = f.mean.length - 1;
    const iv = f.intervals.length ? f.intervals[f.intervals.length - 1] : undefined;
    rows.push([
      f.ticker,
      f.requestedModel && f.requestedModel !== f.model ? `${f.requestedModel}→${f.model}` : f.model,
      f.target,
      String(f.dataRange?.points ?? ''),
      fmt(f.mean[h]),
      fmt(f.variance[h] === undefined ? undefined : Math.sqrt(f.variance[h])),
      iv ? `${(iv.level * 100).toFixed(0)}% [${fmt(iv.lower[h])}, ${fmt(iv.upper[h])}]` : '',
      f.status === 'OK' ? 'ok' : `${f.errorCode}: ${f.error}`,
    ]);
  }
  return renderTable(rows);
}

/** Left-aligned columns separated by two spaces; rows[0] is the header. */
export function renderTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/** One row per (ticker, model) of a backtest: errors at step 1 and h, direction, coverage, QLIKE, ratio. */
export function backtestTable(evaluations: TickerEvaluation[]): string {
  const rows = [['ticker', 'model', 'target', 'origins', 'rmse[1]', 'rmse[h]', 'mase[h]', 'dir[1]', 'cover[h]', 'qlike[1]', 'ratio[h]', 'status']];
  for (const e of evaluations) {
    const first = e.steps[0];
    const last = e.steps[e.steps.length - 1];
    const cover = last?.coverage[last.coverage.length - 1];
    rows.push([
      e.ticker,
      e.fallbackOrigins > 0 ? `${e.model} (${e.fallbackOrigins} fallback)` : e.model,
      e.target,
      String(e.origins),
      fmt(first?.rmse),
      fmt(last?.rmse),
      fmt(last?.mase, 3),
      fmt(e.status === 'OK' ? e.directionalOneStep : undefined, 2),
      cover ? `${(cover.level * 100).toFixed(0)}%: ${cover.coverage.toFixed(2)}` : '',
      fmt(first?.qlike, 3),
      fmt(last?.rmseRatio, 3),
      e.status === 'OK' ? 'ok' : `${e.errorCode}: ${e.error}`,
    ]);
  }
  return renderTable(rows);
}
