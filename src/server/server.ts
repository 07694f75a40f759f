import { Server } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Server as HttpServer } from 'node:http';
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../obs/logger.js';
import { gpuMetricsObserver, publishDevices } from '../obs/gpu_metrics.js';
import { publishCacheMetrics } from '../obs/cache_metrics.js';
import { warmUpCache } from '../cache/warmup.js';
import { Metrics } from '../obs/metrics.js';
import { Runtime } from '../service/runtime.js';
import { securityLayer, type SecurityLayer } from '../security/layer.js';
import { capabilities } from './capabilities.js';
import { forecastService } from './forecast_service.js';
import { startHttp } from './http.js';
import { loadProto, SERVICE_NAME, serviceWithEdgeDecoding } from './proto.js';

export interface RunningServer {
  grpcPort: number;
  httpPort: number;
  runtime: Runtime;
  metrics: Metrics;
  /** TLS, API keys and the audit log (docs/security.md). */
  security: SecurityLayer;
  /** Stops accepting calls, lets in-flight calls finish within the grace period, then closes. */
  shutdown(graceMs?: number): Promise<void>;
}

export async function startServer(cfg: Config, log: Logger = createLogger(cfg.log.level)): Promise<RunningServer> {
  const runtime = new Runtime(cfg, log);
  const metrics = new Metrics();
  publishDevices(metrics, runtime.gpu.cuda, runtime.gpu.kind);
  runtime.gpu.executor?.observe(gpuMetricsObserver(metrics));
  if (runtime.cache) publishCacheMetrics(metrics, runtime.cache.cache);
  runtime.faultLog.onRecord((kind) => metrics.faultsContained.inc({ kind }));
  const def = loadProto();
  let ready = false;
  let draining = false;
  let security: SecurityLayer;
  try {
    security = securityLayer(cfg, log, metrics);
  } catch (err) {
    await runtime.close();
    throw err;
  }

  const server = new Server({
    // The transport's own hard stop is twice the edge limit: between the two, the handler answers
    // INVALID_ARGUMENT naming server.maxMessageBytes without decoding the payload.
    'grpc.max_receive_message_length': Math.min(2 * cfg.server.maxMessageBytes, 2 ** 31 - 1),
    'grpc.max_send_message_length': cfg.server.maxResponseBytes,
    interceptors: security.interceptors,
  });
  const nativeInfo = runtime.native.info();
  server.addService(
    serviceWithEdgeDecoding(def, cfg.server.maxMessageBytes),
    forecastService({
      cfg,
      engine: runtime.engine,
      models: runtime.models,
      metrics,
      log,
      capabilities: () => capabilities(cfg, runtime.models, nativeInfo, runtime.gpu, runtime.neural),
    }),
  );
  const health = new HealthImplementation({ '': 'NOT_SERVING', [SERVICE_NAME]: 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(def).addToServer(server);

  let grpcPort: number;
  let http: { server: HttpServer; port: number };
  try {
    grpcPort = await new Promise<number>((ok, fail) =>
      server.bindAsync(`${cfg.server.host}:${cfg.server.port}`, security.transport.credentials, (err, port) =>
        err ? fail(err) : ok(port),
      ),
    );
    await security.transport.ready();
    http = await startHttp(cfg.http.host, cfg.http.port, metrics, {
      notReadyReasons: () => [...(ready ? [] : ['starting']), ...runtime.neural.notReadyReasons(), ...(draining ? ['shutting down'] : [])],
      degradedReasons: () => [...runtime.neural.degradedReasons(), ...runtime.degradedReasons(), ...security.degradedReasons()],
    });
  } catch (err) {
    server.forceShutdown();
    security.close();
    await runtime.close();
    throw err;
  }
  // Readiness waits for the neural model's warm-up (every batch bucket); a failed load does not block it.
  await runtime.neural.start();
  await warmUpCache(runtime, cfg, log);
  health.setStatus('', 'SERVING');
  health.setStatus(SERVICE_NAME, 'SERVING');
  ready = true;
  log.info({ grpcPort, httpPort: http.port, backends: nativeInfo.backends, nativeThreads: nativeInfo.threads, neural: runtime.neural.state, gpuExecutor: runtime.gpu.kind }, 'tensorcast serving');

  let closing: Promise<void> | undefined;
  const shutdown = (graceMs = cfg.server.shutdownGraceMs) =>
    (closing ??= (async () => {
      draining = true;
      health.setStatus('', 'NOT_SERVING');
      health.setStatus(SERVICE_NAME, 'NOT_SERVING');
      log.info({ graceMs }, 'shutting down: draining in-flight calls');
      await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          log.warn({ graceMs }, 'grace period over: cancelling remaining calls');
          server.forceShutdown();
          done();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          done();
        });
      });
      // After the drain, so the last calls' audit records come before the seal.
      security.close();
      await new Promise<void>((done) => http.server.close(() => done()));
      http.server.closeAllConnections?.();
      await runtime.close();
      log.info('stopped');
    })());

  return { grpcPort, httpPort: http.port, runtime, metrics, security, shutdown };
}
