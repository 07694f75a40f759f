import type {
  sendUnaryData,
  ServerDuplexStream,
  ServerUnaryCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { DynamicBatcher } from '../batching/batcher.js';
import { metricsObserver } from '../batching/observer.js';
import type { RunControl } from '../batching/types.js';
import type { Config } from '../config/schema.js';
import type { ModelRegistry } from '../models/registry.js';
import type { Logger } from '../obs/logger.js';
import type { Metrics } from '../obs/metrics.js';
import { errorForecast, type TickerForecastMsg } from '../pipeline/assemble.js';
import type { ForecastEngine, ForecastOutcome } from '../pipeline/engine.js';
import { DECODE_MS, edgeRejection, type EdgeDecoded } from './proto.js';
import { runBacktest } from '../evaluate/backtest.js';
import { evaluateResponse } from '../evaluate/encode.js';
import { validateEvaluateRequest, type ProtoEvaluateRequest } from './evaluate_request.js';
import { statusName, toServiceError } from './status.js';
import { validateForecastRequest, type ProtoForecastRequest } from './validate.js';

type DecodedRequest = ProtoForecastRequest & EdgeDecoded;

/** The call's deadline as epoch ms (Infinity: none); grpc-js gives a Date or a number. */
function deadlineEpochMs(call: { getDeadline(): Date | number }): number {
  const d = call.getDeadline();
  return d instanceof Date ? d.getTime() : d;
}

/** An AbortSignal that fires when the client cancels the call (or its deadline ends it). */
function cancellation(call: { on(event: 'cancelled', fn: () => void): unknown; cancelled: boolean }): AbortSignal {
  const ac = new AbortController();
  if (call.cancelled) ac.abort();
  else call.on('cancelled', () => ac.abort());
  return ac.signal;
}

export interface ServiceDeps {
  cfg: Config;
  engine: ForecastEngine;
  models: ModelRegistry;
  metrics: Metrics;
  log: Logger;
  capabilities: () => unknown;
}

/** The ForecastService handlers: decode/validate at the edge, run the engine, encode, log one line. */
export function forecastService(deps: ServiceDeps): UntypedServiceImplementation {
  const { cfg, engine, models, metrics, log } = deps;
  if (engine.executor instanceof DynamicBatcher) engine.executor.observe(metricsObserver(metrics));

  async function runOne(req: DecodedRequest, control: RunControl, sink?: (f: TickerForecastMsg[]) => void) {
    const refused = edgeRejection(req, cfg.server.maxMessageBytes);
    if (refused) throw refused;
    const t0 = performance.now();
    const job = validateForecastRequest(req, cfg, models);
    const decodeMs = (req[DECODE_MS] ?? 0) + (performance.now() - t0);
    const outcome = await engine.run(job, sink, decodeMs, control);
    return { job, outcome };
  }

  function record(method: string, started: number, code: string, fields: Record<string, unknown>, outcome?: ForecastOutcome) {
    const latencyMs = performance.now() - started;
    metrics.requests.inc({ method, code });
    metrics.requestSeconds.observe({ method }, latencyMs / 1000);
    if (outcome) {
      for (const [stage, ms] of Object.entries(outcome.timing)) metrics.stageSeconds.observe({ stage: stage.replace(/Ms$/, '') }, ms / 1000);
      for (const f of outcome.forecasts) metrics.tickers.inc({ model: f.model, status: f.status, backend: f.backend || 'none' });
    }
    log.info({ method, ...fields, backend: outcome?.backend, latencyMs: Math.round(latencyMs * 1000) / 1000, code }, 'call');
  }

  return {
    Forecast(call: ServerUnaryCall<DecodedRequest, unknown>, callback: sendUnaryData<unknown>) {
      const started = performance.now();
      metrics.inFlight.inc();
      runOne(call.request, { deadlineEpochMs: deadlineEpochMs(call), signal: cancellation(call) }).then(
        ({ job, outcome }) => {
          // The protobuf decode ran before the handler started; total covers it so stages add up.
          const totalMs = performance.now() - started + (call.request[DECODE_MS] ?? 0);
          callback(null, {
            requestId: job.requestId,
            forecasts: outcome.forecasts,
            backend: outcome.backend,
            timing: { ...outcome.timing, totalMs },
          });
          metrics.inFlight.dec();
          record('Forecast', started, 'OK', { requestId: job.requestId, tickers: outcome.tickerCount, models: job.models.map((m) => m.model.name) }, outcome);
        },
        (err) => {
          const se = toServiceError(err);
          callback(se);
          metrics.inFlight.dec();
          record('Forecast', started, statusName(se.code), { requestId: call.request.requestId || undefined, error: se.details });
        },
      );
    },

    ForecastStream(call: ServerDuplexStream<DecodedRequest, TickerForecastMsg>) {
      const pending = new Set<Promise<void>>();
      // Every push of a stream shares its deadline and its cancellation.
      const control: RunControl = { deadlineEpochMs: deadlineEpochMs(call), signal: cancellation(call) };
      let ended = false;
      const finish = () => {
        if (ended && pending.size === 0) call.end();
      };
      call.on('data', (req: DecodedRequest) => {
        const started = performance.now();
        metrics.inFlight.inc();
        const write = (fs: TickerForecastMsg[]) => {
          if (!call.cancelled) for (const f of fs) call.write(f);
        };
        const p = runOne(req, control, write).then(
          ({ job, outcome }) =>
            record('ForecastStream', started, 'OK', { requestId: job.requestId, tickers: outcome.tickerCount, models: job.models.map((m) => m.model.name) }, outcome),
          (err) => {
            // A bad push must not end a long-lived stream: it is answered with error entries instead.
            const se = toServiceError(err);
            const requestId = req.requestId ?? '';
            const tickers = (req.series ?? []).map((s) => s.ticker ?? '');
            const code = statusName(se.code);
            write((tickers.length > 0 ? tickers : ['']).map((t) => errorForecast(requestId, t, '', { code: code as never, message: se.details })));
            record('ForecastStream', started, code, { requestId: requestId || undefined, error: se.details });
          },
        );
        const tracked = p.finally(() => {
          metrics.inFlight.dec();
          pending.delete(tracked);
          finish();
        });
        pending.add(tracked);
      });
      call.on('end', () => {
        ended = true;
        finish();
      });
      call.on('error', () => {
        ended = true;
      });
    },

    Evaluate(call: ServerUnaryCall<ProtoEvaluateRequest & EdgeDecoded, unknown>, callback: sendUnaryData<unknown>) {
      const started = performance.now();
      metrics.inFlight.inc();
      const run = async () => {
        const refused = edgeRejection(call.request, cfg.server.maxMessageBytes);
        if (refused) throw refused;
        const { job, spec, baseline } = validateEvaluateRequest(call.request, cfg, models);
        const outcome = await runBacktest(engine, job, spec, { baseline, maxValues: cfg.limits.maxBacktestValues }, {
          deadlineEpochMs: deadlineEpochMs(call),
          signal: cancellation(call),
        });
        return { job, outcome };
      };
      run().then(
        ({ job, outcome }) => {
          const arrow = call.request.arrowResults ? { levels: job.levels } : undefined;
          callback(null, evaluateResponse(job.requestId, outcome, performance.now() - started, arrow));
          metrics.inFlight.dec();
          record('Evaluate', started, 'OK', { requestId: job.requestId, windows: outcome.windows, models: job.models.map((m) => m.model.name) });
        },
        (err) => {
          const se = toServiceError(err);
          callback(se);
          metrics.inFlight.dec();
          record('Evaluate', started, statusName(se.code), { requestId: call.request.requestId || undefined, error: se.details });
        },
      );
    },

    GetCapabilities(_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) {
      try {
        callback(null, deps.capabilities());
      } catch (err) {
        callback(toServiceError(err));
      }
    },
  };
}
