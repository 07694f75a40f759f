// Per-call cost breakdown: sequential single-ticker calls over loopback, batching off.
//   npm run build && node bench/load/per_call.mjs
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(fileURLToPath(import.meta.url), '../../..');
const { loadConfig } = await import(join(root, 'dist/config/load.js'));
const { startServer } = await import(join(root, 'dist/server/server.js'));
const { createLogger } = await import(join(root, 'dist/obs/logger.js'));
const { ForecastClient } = await import(join(root, 'dist/client/client.js'));
const cfg = loadConfig({ env: {}, overrides: { server: { port: 0 }, http: { port: 0 }, batching: { enabled: false } } });
const s = await startServer(cfg, createLogger('silent'));
const c = new ForecastClient(`127.0.0.1:${s.grpcPort}`);
const close = Array.from({ length: 2500 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i) + i * 1e-4));
for (const model of ['random_walk', 'garch']) {
  const req = { series: [{ ticker: 'X', close }], models: [{ name: model, noFallback: true }], horizonBars: 10 };
  for (let i = 0; i < 100; i++) await c.forecast(req);
  const t0 = performance.now(); let pre = 0, comp = 0, q = 0, dec = 0, tot = 0;
  const N = 500;
  for (let i = 0; i < N; i++) { const r = await c.forecast(req); pre += r.timing.preprocessMs; comp += r.timing.computeMs; q += r.timing.queueMs; dec += r.timing.decodeMs; tot += r.timing.totalMs; }
  const ms = (performance.now() - t0) / N;
  console.log(model, 'client ms/call', ms.toFixed(3), 'server total', (tot/N).toFixed(3), 'decode', (dec/N).toFixed(3), 'pre', (pre/N).toFixed(3), 'queue', (q/N).toFixed(3), 'compute', (comp/N).toFixed(3));
}
c.close(); await s.shutdown(100);
