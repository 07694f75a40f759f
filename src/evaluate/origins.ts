/**
 * Rolling origins: which training windows a backtest fits, packed as one PreparedBatch of
 * (ticker × origin) windows so every model runs once over all of them, and what each window's
 * forecast is compared with. Positions are in rows of the cleaned series: origin t trains on
 * level[a, t) and is scored on level[t, t + h).
 */
import type { PreparedBatch, TickerError } from '../core/series.js';

export interface BacktestSpec {
  window: 'expanding' | 'sliding';
  /** Rows in each training window (sliding only). */
  windowBars: number;
  /** Rows before the first origin; 0 = place the origins so that the last one ends at the last row. */
  firstOrigin: number;
  stepBars: number;
  horizonBars: number;
  origins: number;
}

/** One training window: series i of the window batch. */
export interface OriginWindow {
  /** Index of the ticker in the preprocessed request batch. */
  ticker: number;
  /** Origin t: rows [begin, t) train, rows [t, t + h) score. */
  begin: number;
  origin: number;
}

export interface OriginPlan {
  windows: OriginWindow[];
  /** Per request ticker: why it cannot be backtested (null when it can). */
  errors: (TickerError | null)[];
  /** The windows as a batch for the models. */
  batch: PreparedBatch;
}

function originsFor(n: number, spec: BacktestSpec): number[] | string {
  const { horizonBars: h, stepBars: step, origins: k } = spec;
  const first = spec.firstOrigin > 0 ? spec.firstOrigin : n - h - (k - 1) * step;
  const last = first + (k - 1) * step;
  const minTrain = spec.window === 'sliding' ? spec.windowBars : 2;
  if (first < minTrain || last + h > n) {
    const need = (spec.firstOrigin > 0 ? spec.firstOrigin : minTrain) + (k - 1) * step + h;
    return `backtest: needs at least ${need} rows for ${k} origins, step ${step}, horizon ${h}` +
      `${spec.firstOrigin > 0 ? `, first origin ${spec.firstOrigin}` : ''}${spec.window === 'sliding' ? `, window ${spec.windowBars}` : ''}; the series has ${n}`;
  }
  return Array.from({ length: k }, (_, j) => first + j * step);
}

/** Returns are one row shorter than prices (return r_j is from row j to j + 1); `ret` series are not. */
function returnShift(batch: PreparedBatch, i: number): number {
  return batch.levelKind[i] === 'ret' ? 0 : 1;
}

export function planOrigins(batch: PreparedBatch, spec: BacktestSpec): OriginPlan {
  const windows: OriginWindow[] = [];
  const errors: (TickerError | null)[] = batch.tickers.map((_, i) => batch.errors[i]);
  for (let i = 0; i < batch.tickers.length; i++) {
    if (errors[i]) continue;
    const n = batch.levelOffsets[i + 1] - batch.levelOffsets[i];
    const origins = originsFor(n, spec);
    if (typeof origins === 'string') {
      errors[i] = { code: 'FAILED_PRECONDITION', message: origins };
      continue;
    }
    for (const t of origins) windows.push({ ticker: i, begin: spec.window === 'sliding' ? t - spec.windowBars : 0, origin: t });
  }
  return { windows, errors, batch: windowBatch(batch, windows) };
}

function windowBatch(src: PreparedBatch, windows: OriginWindow[]): PreparedBatch {
  const m = windows.length;
  const levelOffsets = new Int32Array(m + 1);
  const returnOffsets = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) {
    const { ticker: i, begin, origin } = windows[j];
    const shift = returnShift(src, i);
    levelOffsets[j + 1] = levelOffsets[j] + (origin - begin);
    returnOffsets[j + 1] = returnOffsets[j] + Math.max(0, origin - begin - shift);
  }
  const level = new Float64Array(levelOffsets[m]);
  const returns = new Float64Array(returnOffsets[m]);
  for (let j = 0; j < m; j++) {
    const { ticker: i, begin, origin } = windows[j];
    const shift = returnShift(src, i);
    const l0 = src.levelOffsets[i];
    const r0 = src.returnOffsets[i];
    level.set(src.level.subarray(l0 + begin, l0 + origin), levelOffsets[j]);
    returns.set(src.returns.subarray(r0 + begin, r0 + Math.max(begin, origin - shift)), returnOffsets[j]);
  }
  return {
    tickers: windows.map((w) => src.tickers[w.ticker]),
    errors: windows.map(() => null),
    level,
    levelOffsets,
    levelKind: windows.map((w) => src.levelKind[w.ticker]),
    returns,
    returnOffsets,
    returnsKind: src.returnsKind,
    // Row numbers of the window in the cleaned series (the batch keeps no per-row timestamps).
    firstMs: Float64Array.from(windows, (w) => w.begin),
    lastMs: Float64Array.from(windows, (w) => w.origin - 1),
    dropped: new Int32Array(m),
  };
}

/** Targets whose values are returns: direction is the sign of the value, variance metrics apply. */
export function isReturnTarget(target: string): boolean {
  return target === 'ret' || target.endsWith('_return_pct');
}

/**
 * The full series a model's target refers to, for ticker i of the request batch, and the row offset
 * of its element 0: target value at row r is values[r − offset].
 */
export function targetSeries(batch: PreparedBatch, i: number, target: string): { values: Float64Array; offset: number } | null {
  const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
  if (target === batch.levelKind[i]) return { values: level, offset: 0 };
  if (isReturnTarget(target)) {
    return { values: batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]), offset: returnShift(batch, i) };
  }
  if (target === `log_${batch.levelKind[i]}`) return { values: level.map(Math.log), offset: 0 };
  return null;
}

/**
 * Training windows reuse their ticker's name, so a cached model must neither serve them from, nor
 * store them in, the fitted-state cache: each origin is a fit of its own window, warm-started from
 * the previous origin's fit (cache "origins", src/cache/origins.ts).
 */
export function windowOptions(model: { cached?: boolean }, options: unknown): unknown {
  return model.cached ? { ...(options as object), cache: 'origins' } : options;
}
