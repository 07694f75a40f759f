/** Test helpers for the GARCH addon tests: the committed data sets, read the way the R references read them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import type { GarchBatchInput, GarchSpecInput } from '../../src/native/garch.js';
import { pack } from './pack.js';

const root = packageRoot();

export function readJson<T = unknown>(relativePath: string): T {
  return JSON.parse(readFileSync(join(root, relativePath), 'utf8')) as T;
}

/** tests/data/dem2gbp_returns.csv, column `ret` (Bollerslev–Ghysels DEM/GBP % returns, n = 1974). */
export function dem2gbp(): number[] {
  const [header, ...rows] = readFileSync(join(root, 'tests/data/dem2gbp_returns.csv'), 'utf8').trim().split('\n');
  const col = header.split(',').indexOf('ret');
  return rows.map((r) => Number(r.split(',')[col]));
}

/**
 * 100 * diff(log(close)) per ticker of examples/data/dow30_daily_close.csv, rows ordered by date,
 * tickers sorted: load_dow30() in bench/reference/common.R.
 */
export function dow30Returns(): Map<string, number[]> {
  const [, ...rows] = readFileSync(join(root, 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n');
  const byTicker = new Map<string, [string, number][]>();
  for (const row of rows) {
    const [ticker, date, close] = row.split(',');
    if (!byTicker.has(ticker)) byTicker.set(ticker, []);
    byTicker.get(ticker)!.push([date, Number(close)]);
  }
  const out = new Map<string, number[]>();
  for (const ticker of [...byTicker.keys()].sort()) {
    const closes = byTicker.get(ticker)!.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((r) => r[1]);
    out.set(ticker, closes.slice(1).map((c, t) => 100 * (Math.log(c) - Math.log(closes[t]))));
  }
  return out;
}

export function garchSpec(overrides: Partial<GarchSpecInput> = {}): GarchSpecInput {
  return { vol: 'garch', p: 1, o: 0, q: 1, mean: 'constant', ar: 0, ma: 0, dist: 'normal', init: 'fgarch', ...overrides };
}

/** A whole garchBatch argument for `series`; every field can be overridden. */
export function garchInput(series: readonly (readonly number[])[], overrides: Partial<GarchBatchInput> = {}): GarchBatchInput {
  return {
    spec: garchSpec(),
    ...pack(series),
    horizon: 10,
    varTailProbs: Float64Array.of(0.01, 0.05),
    quantileProbs: Float64Array.of(0.025, 0.975),
    seed: 42,
    paths: 200,
    select: 'none',
    ...overrides,
  };
}
