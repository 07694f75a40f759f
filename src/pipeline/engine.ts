import { DirectExecutor, type ModelExecutor, type RunControl } from '../batching/types.js';
import type { PreparedBatch } from '../core/series.js';
import type { Config } from '../config/schema.js';
import { unionBackends } from '../models/model.js';
import type { PreprocessPool } from '../preprocess/pool.js';
import { InvalidArgument } from '../server/status.js';
import { assembleModel, type TickerForecastMsg } from './assemble.js';
import type { ForecastJob } from './job.js';

export interface StageTiming {
  decodeMs: number;
  preprocessMs: number;
  queueMs: number;
  computeMs: number;
  encodeMs: number;
}

export interface ForecastOutcome {
  forecasts: TickerForecastMsg[];
  backend: string;
  timing: StageTiming;
  tickerCount: number;
}

/** Receives each model's per-ticker forecasts as soon as that model's batch is done. */
export type ModelSink = (forecasts: TickerForecastMsg[]) => void;

/**
 * Runs a validated job: preprocess in the worker pool, then every requested model through the
 * executor (the dynamic batcher, which may merge this call's series with other calls', or a direct
 * call per model), then assembly. Used alike by the gRPC handlers and the CLI.
 */
export class ForecastEngine {
  constructor(
    private readonly pool: PreprocessPool,
    private readonly cfg: Config,
    readonly executor: ModelExecutor = new DirectExecutor(),
  ) {}

  async prepare(job: ForecastJob, timing: StageTiming): Promise<PreparedBatch> {
    const started = performance.now();
    const res = await this.pool.prepare({
      ...(job.input.kind === 'messages' ? { kind: 'messages', series: job.input.series } : { kind: 'arrow', bytes: job.input.bytes }),
      policy: job.policy,
      limits: { maxPointsPerSeries: this.cfg.limits.maxPointsPerSeries },
    } as Parameters<PreprocessPool['prepare']>[0]);
    const wallMs = performance.now() - started;
    timing.decodeMs += res.decodeMs;
    timing.preprocessMs += res.preprocessMs;
    timing.queueMs += Math.max(0, wallMs - res.decodeMs - res.preprocessMs);
    if (res.invalid.length > 0) throw new InvalidArgument(res.invalid.join('; '));
    if (res.batch.tickers.length > this.cfg.limits.maxTickers) {
      throw new InvalidArgument(`arrow_ipc: ${res.batch.tickers.length} tickers, more than limits.maxTickers=${this.cfg.limits.maxTickers}`);
    }
    return res.batch;
  }

  /** `control` carries the call's deadline and cancellation; the job's priority is added here. */
  async run(job: ForecastJob, sink?: ModelSink, decodeMs = 0, control: RunControl = {}): Promise<ForecastOutcome> {
    const timing: StageTiming = { decodeMs, preprocessMs: 0, queueMs: 0, computeMs: 0, encodeMs: 0 };
    const batch = await this.prepare(job, timing);
    const perModel: TickerForecastMsg[][] = [];
    const backends = new Set<string>();
    // One failed model fails the call, so the others' queued work is withdrawn rather than computed.
    const abort = new AbortController();
    const onCallAbort = () => abort.abort(control.signal?.reason);
    if (control.signal?.aborted) onCallAbort();
    else control.signal?.addEventListener('abort', onCallAbort, { once: true });
    const modelControl: RunControl = { priority: job.priority, deadlineEpochMs: control.deadlineEpochMs, signal: abort.signal };
    // Models run concurrently, each as one executor call over the whole batch.
    await Promise.all(
      job.models.map(async ({ model, options }, m) => {
        const result = await this.executor
          .execute({ model, options, batch, horizonBars: job.horizonBars, levels: job.levels }, modelControl)
          .catch((err: unknown) => {
            abort.abort(err);
            throw err;
          });
        backends.add(result.backend);
        timing.computeMs += result.computeMs;
        timing.queueMs += result.queueMs;
        const t0 = performance.now();
        perModel[m] = assembleModel(job.requestId, model, batch, result, job.horizonBars, job.levels);
        timing.encodeMs += performance.now() - t0;
        sink?.(perModel[m]);
      }),
    ).finally(() => control.signal?.removeEventListener('abort', onCallAbort));
    // Response order: request ticker order, then model order.
    const forecasts: TickerForecastMsg[] = [];
    for (let i = 0; i < batch.tickers.length; i++) for (const fs of perModel) forecasts.push(fs[i]);
    return { forecasts, backend: unionBackends(backends) || 'cpu', timing, tickerCount: batch.tickers.length };
  }
}
