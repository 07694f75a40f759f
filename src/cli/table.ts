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
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
