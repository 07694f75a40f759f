/**
 * The native addon's surface, declared once. Everything here is implemented in C++
 * (native/src/addon/); this module only types it and loads it.
 */
import type { ArimaNative } from './arima.js';
import type { GarchNative } from './garch.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';

export const BASELINE_KINDS = ['random_walk', 'drift', 'seasonal_naive', 'ewma'] as const;
export type BaselineKind = (typeof BASELINE_KINDS)[number];

/** Parameter slots per series in `params`; unused slots are NaN. */
export const PARAM_SLOTS = 4;

/**
 * What the used slots of each series' `params` row hold, in order (see the comment at the top of
 * each kernel in native/src/kernels/). ewma's sigma2 is the next-step variance s2.
 */
export const BASELINE_PARAM_NAMES: Record<BaselineKind, readonly string[]> = {
  random_walk: ['sigma2'],
  drift: ['drift', 'sigma2'],
  seasonal_naive: ['sigma2', 'period'],
  ewma: ['lambda', 'sigma2'],
};

/**
 * A whole batch: series i is values[offsets[i] .. offsets[i+1]). The arrays are read in place by
 * native threads, so they must not be transferred, resized or written until the promise settles.
 */
export interface BaselineBatchInput {
  kind: BaselineKind;
  values: Float64Array;
  /** N + 1 non-decreasing entries within values. */
  offsets: Int32Array;
  /** Steps ahead, integer >= 1. */
  horizon: number;
  /** seasonal_naive (required): season length; < 1 gives BAD_PARAMETER per series. */
  period?: number;
  /** ewma (required): decay; outside (0, 1) gives BAD_PARAMETER per series. */
  lambda?: number;
}

export interface BaselineBatchOutput {
  /** N * horizon, series-major; NaN for a series whose status is not OK. */
  mean: Float64Array;
  variance: Float64Array;
  /** N * PARAM_SLOTS, series-major; see BASELINE_PARAM_NAMES. */
  params: Float64Array;
  /** N codes, see NativeStatus. */
  status: Int32Array;
  /** Wall time of the kernels on the native thread pool. */
  computeMs: number;
}

export interface NativeInfo {
  version: string;
  /** Backends compiled into this build, e.g. ['cpu']. */
  backends: string[];
  /** Threads a batch runs on, the calling native thread included. */
  threads: number;
}

export interface NativeBinding extends GarchNative, ArimaNative {
  /** Rejects (never throws) with a TypeError naming the bad argument. */
  baselineBatch(input: BaselineBatchInput): Promise<BaselineBatchOutput>;
  /** threads: 0 = one per CPU core. Throws a TypeError on a bad value. Running batches are unaffected. */
  configure(options: { threads: number }): void;
  info(): NativeInfo;
}

export function nativeAddonPath(): string {
  return join(packageRoot(), 'native', 'build', 'Release', 'tensorcast.node');
}

let cached: NativeBinding | undefined;

/** Loads the addon once per process (a module can be initialised once per thread anyway). */
export function loadNative(): NativeBinding {
  if (cached) return cached;
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    throw new Error(`tensorcast native addon not found at ${path}; run "npm run build:native"`);
  }
  try {
    cached = createRequire(import.meta.url)(path) as NativeBinding;
  } catch (cause) {
    throw new Error(`tensorcast native addon at ${path} failed to load; rebuild it with "npm run build:native"`, {
      cause,
    });
  }
  return cached;
}
