import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { loadConfig } from '../../src/config/load.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { ForecastClient, type ClientSecurity } from '../../src/client/client.js';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `tensorcast-${prefix}-`));

/** A real server whose pino output is captured line by line (for "no key material in logs"). */
export interface CapturedServer {
  server: RunningServer;
  address: string;
  logs: string[];
  client(security?: ClientSecurity): ForecastClient;
  stop(): Promise<void>;
}

export async function startCapturedServer(overrides: Record<string, unknown>): Promise<CapturedServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const cfg = loadConfig({ env: {}, overrides: { server: { port: 0 }, http: { port: 0 }, ...overrides } });
  const server = await startServer(cfg, pino({ level: 'debug' }, sink));
  const address = `127.0.0.1:${server.grpcPort}`;
  const clients: ForecastClient[] = [];
  return {
    server,
    address,
    logs,
    client(security = {}) {
      const c = new ForecastClient(address, undefined, security);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.shutdown(1000);
    },
  };
}

/** The status of a rejected call: code, details and the trailing metadata. */
export async function failure(p: Promise<unknown>): Promise<{ code: number; details: string; metadata: Metadata }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: number; details: string; metadata: Metadata };
    return { code: e.code, details: e.details, metadata: e.metadata };
  }
  throw new Error('call succeeded where a failure was expected');
}

/** grpc.health.v1.Health/Check with no credentials beyond the channel's. */
export function healthCheck(address: string, apiKey?: string): Promise<string> {
  const def = protoLoader.loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
  const Health = (loadPackageDefinition(def) as any).grpc.health.v1.Health;
  const client = new Health(address, credentials.createInsecure());
  const md = new Metadata();
  if (apiKey) md.set('x-api-key', apiKey);
  return new Promise((ok, fail) =>
    client.Check({ service: '' }, md, (err: Error | null, res: { status: string }) => {
      client.close();
      return err ? fail(err) : ok(res.status);
    }),
  );
}

/** Throwaway PKI made with openssl at test time: a CA and certificates it signs. */
export class TestPki {
  constructor(readonly dir: string) {}

  private ssl(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  /** A self-signed CA <name>.pem / <name>.key. */
  ca(name: string): this {
    this.ssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`]);
    return this;
  }

  /** <name>.pem / <name>.key signed by `ca`, valid for localhost and 127.0.0.1. */
  leaf(name: string, ca: string, usage: 'serverAuth' | 'clientAuth'): this {
    writeFileSync(join(this.dir, `${name}.ext`), `subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=${usage}\n`);
    this.ssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    this.ssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`]);
    return this;
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  read(file: string): Buffer {
    return readFileSync(this.path(file));
  }
}

/** A small valid Forecast request: two synthetic tickers, random_walk. */
export function smallForecast(tickers = ['AAA', 'BBB']) {
  return {
    series: tickers.map((ticker, k) => ({
      ticker,
      timestampsMs: Array.from({ length: 40 }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000),
      close: Array.from({ length: 40 }, (_, i) => 100 + k + Math.sin(i)),
    })),
    models: [{ name: 'random_walk' }],
    horizonBars: 3,
  };
}
