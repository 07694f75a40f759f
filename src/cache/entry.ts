import type { GarchSpecInput } from '../native/garch.js';
import type { FitDetails } from '../models/model.js';

/** One fitted state: what a forecast from it needs without refitting. Plain data (snapshot-able). */
export interface CacheEntry {
  key: string;
  ticker: string;
  model: string;
  /** prefixDigest of the returns (GARCH) or level values (ARIMA) the state has seen, and how many they are. */
  digest: string;
  n: number;
  /** Returns the parameters were fitted on. */
  fitN: number;
  /** Wall-clock time of the fit (epoch ms). */
  fittedAtMs: number;
  /** Timestamp of the last bar the state has seen; the bar spacing decides daily vs intraday aging. */
  lastBarMs: number;
  /** 'daily' ages by sessions closed, 'intraday' by trading time, 'untimed' (no timestamps sent) by bars only. */
  clock: 'daily' | 'intraday' | 'untimed';
  /** The specification the parameters belong to (the GJR fallback's when that was used); null for an EWMA fallback. */
  spec: GarchSpecInput | null;
  /** The EWMA fallback's decay: its forecast is one EWMA pass, none of the rejected fits is redone. */
  ewmaLambda?: number;
  /** ARIMA entries: the fitted orders and coefficients (native rows) and sigma2; spec is null and params/state empty. */
  arima?: { order: number[]; coef: number[]; sigma2: number };
  /** GARCH_MAX_PARAMS slots (NaN as null in snapshots). */
  params: number[];
  /** Each fitted chain link's parameters (requested model, then GJR), accepted or not: warm starts for a refit. */
  chainParams: number[][];
  /** GARCH_STATE_SLOTS. */
  state: number[];
  /** The fit's parameter maps, standard errors, statistics and fallback (risk is recomputed). */
  paramsByName: Record<string, number>;
  details: Omit<FitDetails, 'risk' | 'cache'>;
}

/** Rough resident size of an entry, for the memory bound (strings as UTF-16, numbers as doubles). */
export function entryBytes(e: CacheEntry): number {
  const names = Object.keys(e.paramsByName).length;
  return 512 + 2 * (e.key.length + e.ticker.length) + 8 * (e.params.length + e.state.length) + 3 * 96 * names;
}
