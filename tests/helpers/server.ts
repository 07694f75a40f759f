import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/obs/logger.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { ForecastClient } from '../../src/client/client.js';

export interface TestServer {
  server: RunningServer;
  client: ForecastClient;
  cfg: Config;
  address: string;
  stop(): Promise<void>;
}

/** A real server on free loopback ports with an optional config override. */
export async function startTestServer(overrides: Record<string, unknown> = {}): Promise<TestServer> {
  const cfg = loadConfig({
    env: {},
    overrides: { server: { port: 0 }, http: { port: 0 }, log: { level: 'silent' }, ...overrides },
  });
  const server = await startServer(cfg, createLogger('silent'));
  const address = `127.0.0.1:${server.grpcPort}`;
  const client = new ForecastClient(address);
  return {
    server,
    client,
    cfg,
    address,
    async stop() {
      client.close();
      await server.shutdown(1000);
    },
  };
}

export function grpcCode(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

export function grpcDetails(err: unknown): string {
  return (err as { details?: string }).details ?? String(err);
}

/** Deterministic prices from a fixed recursion (no randomness), so expected values can be derived. */
export function syntheticCloses(n: number, seed = 1): number[] {
  const out: number[] = [];
  let p = 100 + seed;
  for (let i = 0; i < n; i++) {
    p *= 1 + 0.01 * Math.sin(0.7 * i + seed) + 0.002 * Math.cos(1.3 * i * seed);
    out.push(p);
  }
  return out;
}

export const DAY_MS = 86_400_000;
export function dailyTimestamps(n: number, start = Date.UTC(2020, 0, 1)): number[] {
  return Array.from({ length: n }, (_, i) => start + i * DAY_MS);
}

/** The first `count` Dow 30 sample tickers (examples/data), the last `points` closes of each. */
export function dowSeries(count: number, points: number): { ticker: string; close: number[] }[] {
  const lines = readFileSync(new URL('../../examples/data/dow30_daily_close.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const by = new Map<string, number[]>();
  for (const l of lines) {
    const [t, , c] = l.split(',');
    if (!by.has(t)) by.set(t, []);
    by.get(t)!.push(Number(c));
  }
  return [...by.entries()].slice(0, count).map(([ticker, close]) => ({ ticker, close: close.slice(-points) }));
}
