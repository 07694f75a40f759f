import { z } from 'zod';
import type { PreparedBatch } from '../../src/core/series.js';
import type { ForecastModel, ModelBatchResult, ModelRun } from '../../src/models/model.js';
import { DynamicBatcher, type BatchingConfig, type Clock } from '../../src/batching/batcher.js';
import type { BatchObserver } from '../../src/batching/observer.js';

/** A prepared batch of `values.length` series; series i holds values[i] as both level and returns. */
export function preparedBatch(values: number[][], prefix = 'T'): PreparedBatch {
  const flat = values.flat();
  const offsets = Int32Array.from([0, ...values.map((_, i) => values.slice(0, i + 1).reduce((n, v) => n + v.length, 0))]);
  return {
    tickers: values.map((_, i) => `${prefix}${i}`),
    errors: values.map(() => null),
    level: Float64Array.from(flat),
    levelOffsets: offsets,
    levelKind: values.map(() => 'close'),
    returns: Float64Array.from(flat),
    returnOffsets: offsets.slice(),
    returnsKind: 'log_pct',
    firstMs: Float64Array.from(values.map(() => 0)),
    lastMs: Float64Array.from(values.map((v) => v.length - 1)),
    dropped: new Int32Array(values.length),
  };
}

/**
 * A model whose kernel call the test controls: each call is recorded with the tickers it carried,
 * and settles only when the test releases it (or at once with `autoRelease`). Its forecast for a
 * series is the series' sum as mean and its length as variance, so results are checkable by hand.
 */
export class ControlledModel implements ForecastModel<{ k?: number }> {
  readonly family = 'baseline' as const;
  readonly target = 'level' as const;
  readonly description = 'test model';
  readonly parameters = [];
  readonly optionsSchema = z.object({ k: z.number().optional() });
  readonly calls: { tickers: string[]; release: () => void }[] = [];
  autoRelease = false;

  constructor(readonly name = 'fake') {}

  minPoints(): number {
    return 1;
  }

  async run({ batch, horizonBars }: ModelRun<{ k?: number }>): Promise<ModelBatchResult> {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    this.calls.push({ tickers: [...batch.tickers], release });
    if (this.autoRelease) release();
    await gate;
    const n = batch.tickers.length;
    const mean = new Float64Array(n * horizonBars);
    const variance = new Float64Array(n * horizonBars);
    for (let i = 0; i < n; i++) {
      const s = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
      mean.fill(s.reduce((a, b) => a + b, 0), i * horizonBars, (i + 1) * horizonBars);
      variance.fill(s.length, i * horizonBars, (i + 1) * horizonBars);
    }
    return {
      mean,
      variance,
      params: batch.tickers.map((t) => ({ id: Number(t.replace(/\D/g, '')) })),
      errors: batch.errors.slice(),
      points: Int32Array.from(batch.tickers.map((_, i) => batch.levelOffsets[i + 1] - batch.levelOffsets[i])),
      computeMs: 1,
      queueMs: 0,
      backend: 'cpu',
    };
  }

  /** Releases the kernel call with index i (calls are numbered in the order they started). */
  release(i: number) {
    this.calls[i].release();
  }
}

export class ManualClock implements Clock {
  us = 1_000_000;
  epoch = 1_700_000_000_000;
  nowUs() {
    return this.us;
  }
  epochMs() {
    return this.epoch;
  }
  advanceMs(ms: number) {
    this.us += ms * 1000;
    this.epoch += ms;
  }
}

export function countingObserver() {
  const counts = { executions: 0, rejected: {} as Record<string, number>, seriesPerCall: [] as number[] };
  const observer: BatchObserver = {
    queued() {},
    executed(_m, series) {
      counts.executions++;
      counts.seriesPerCall.push(series);
    },
    finished() {},
    rejected(_m, reason) {
      counts.rejected[reason] = (counts.rejected[reason] ?? 0) + 1;
    },
    pending() {},
  };
  return { counts, observer };
}

export const BASE_CONFIG: BatchingConfig = {
  enabled: true,
  maxBatchSeries: 64,
  maxBatchPoints: 1_000_000,
  maxQueueDelayUs: 1_000_000_000 / 1000, // 1000 s on the manual clock: only fullness, idleness or the test decides
  dispatchWhenIdle: true,
  maxQueuedSeries: 1000,
  maxQueuedBytes: 1 << 30,
  bulkAgingUs: 1_000_000,
  retryAfterMinMs: 10,
  retryAfterMaxMs: 2000,
  executors: { cpu: { maxInFlightBatches: 1 } },
  models: {},
};

export function batcher(config: Partial<BatchingConfig> = {}, models: string[] = ['fake']) {
  const clock = new ManualClock();
  const { counts, observer } = countingObserver();
  const b = new DynamicBatcher({ config: { ...BASE_CONFIG, ...config }, modelNames: models, clock, observer });
  return { b, clock, counts };
}

/** Lets promise callbacks (and the batcher's reactions to them) run. */
export async function settle(rounds = 5) {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
