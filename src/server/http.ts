import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../obs/metrics.js';

export interface Readiness {
  /** null when ready, otherwise the reasons it is not. */
  notReadyReasons(): string[];
  /** Serving, but without some capability (e.g. the neural model failed to load); reported, still 200. */
  degradedReasons?(): string[];
}

/** The control plane: /metrics (Prometheus), /healthz (process alive), /readyz (can serve). */
export async function startHttp(
  host: string,
  port: number,
  metrics: Metrics,
  readiness: Readiness,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(body);
        },
        (err: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(err.message);
        },
      );
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else if (path === '/readyz') {
      const reasons = readiness.notReadyReasons();
      const degraded = readiness.degradedReasons?.() ?? [];
      res.writeHead(reasons.length === 0 ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready: reasons.length === 0, reasons, degraded }));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
