/**
 * Price → percent returns. Non-positive prices and ratios that overflow float64 are per-ticker
 * errors (the rest of the request is fine), so they come back as TickerError data.
 */
import type { ReturnsKind, TickerError } from '../core/series.js';

export type ReturnsResult = { returns: Float64Array; error: null } | { returns: null; error: TickerError };

function invalid(message: string): ReturnsResult {
  return { returns: null, error: { code: 'INVALID_ARGUMENT', message } };
}

/**
 * log_pct: 100·ln(p_t / p_{t−1}); simple_pct: 100·(p_t / p_{t−1} − 1); n prices give n−1 returns.
 * The log of the ratio (not a difference of logs) keeps full precision for small moves.
 */
export function priceReturnsPct(prices: Float64Array, sourceRow: Int32Array | null, kind: ReturnsKind): ReturnsResult {
  const row = (k: number) => (sourceRow === null ? k : sourceRow[k]);
  for (let k = 0; k < prices.length; k++) {
    if (!(prices[k] > 0)) return invalid(`close[${row(k)}] = ${prices[k]}: prices must be > 0 to form returns`);
  }
  const returns = new Float64Array(Math.max(prices.length - 1, 0));
  for (let k = 1; k < prices.length; k++) {
    const ratio = prices[k] / prices[k - 1];
    const r = kind === 'log_pct' ? 100 * Math.log(ratio) : 100 * (ratio - 1);
    if (!Number.isFinite(r)) {
      return invalid(
        `close[${row(k)}] = ${prices[k]} after close[${row(k - 1)}] = ${prices[k - 1]}: ` +
          'the return overflows float64',
      );
    }
    returns[k - 1] = r;
  }
  return { returns, error: null };
}
