import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ForecastClient } from '../client/client.js';
import { loadConfig } from '../config/load.js';
import { packageRoot } from '../core/paths.js';
import { createLogger } from '../obs/logger.js';
import { parseCsv } from '../preprocess/csv.js';
import { startServer } from '../server/server.js';
import { forecastTable } from './table.js';

export const DEMO_DATA = 'examples/data/dow30_daily_close.csv';

/** Starts a real server on free ports, sends the Dow 30 sample through a gRPC client, prints, stops. */
export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { config: { type: 'string', multiple: true } } });
  // The demo's server is private to this process: loopback, plaintext, no keys, and it must not
  // write into a deployment's audit log when run with that deployment's --config.
  const security = { plaintext: true, tls: { certPath: null, keyPath: null, caPath: null, requireClientCert: false }, apiKeys: { enabled: false }, audit: { enabled: false } };
  const cfg = loadConfig({ files: values.config, overrides: { server: { host: '127.0.0.1', port: 0 }, http: { host: '127.0.0.1', port: 0 }, security } });
  const server = await startServer(cfg, createLogger('warn'));
  const client = new ForecastClient(`127.0.0.1:${server.grpcPort}`);
  try {
    const raw = parseCsv(readFileSync(join(packageRoot(), DEMO_DATA), 'utf8'), { defaultTicker: 'SERIES' });
    const series = raw.map((s) => ({ ticker: s.ticker, timestampsMs: Array.from(s.timestampsMs), close: Array.from(s.columns.close ?? []) }));
    console.log(`tensorcast demo: ${series.length} tickers from ${DEMO_DATA} → gRPC 127.0.0.1:${server.grpcPort}\n`);
    const caps = await client.capabilities();
    const res = await client.forecast({
      series,
      models: [{ name: 'random_walk' }, { name: 'drift' }, { name: 'ewma' }, { name: 'garch' }],
      horizonBars: 5,
      levels: [0.8, 0.95],
    });
    console.log(forecastTable(res.forecasts));
    const fellBack = res.forecasts.filter((f: { fallbackReason: string }) => f.fallbackReason);
    if (fellBack.length > 0) {
      console.log(`\n${fellBack.length} fits used the fallback chain (garch.maxPersistence = ${cfg.garch.maxPersistence}); e.g. ${fellBack[0].ticker}: ${fellBack[0].fallbackReason}`);
    }
    const t = res.timing;
    console.log(
      `\nversion ${caps.version}, backend ${res.backend}; ${res.forecasts.length} forecasts; ` +
        `timing ms: decode ${t.decodeMs.toFixed(2)}, preprocess ${t.preprocessMs.toFixed(2)}, queue ${t.queueMs.toFixed(2)}, ` +
        `compute ${t.computeMs.toFixed(2)}, encode ${t.encodeMs.toFixed(2)}, total ${t.totalMs.toFixed(2)}`,
    );
    return res.forecasts.every((f: { status: string }) => f.status === 'OK') ? 0 : 1;
  } finally {
    client.close();
    await server.shutdown(2000);
  }
}
