import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';
import { packageRoot } from '../../src/core/paths.js';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

function loadService(file: string, includeDir: string, path: string[]): any {
  const def = protoLoader.loadSync(file, { includeDirs: [includeDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  return path.reduce((o: any, k) => o[k], loadPackageDefinition(def));
}

describe('standard services', () => {
  it('grpc.health.v1.Health reports SERVING for the server and ForecastService', async () => {
    const root = join(packageRoot(), 'node_modules/grpc-health-check/proto');
    const Health = loadService(join(root, 'health/v1/health.proto'), root, ['grpc', 'health', 'v1', 'Health']);
    const client = new Health(ts.address, credentials.createInsecure());
    const check = (service: string) =>
      new Promise<any>((ok, fail) => client.Check({ service }, (e: Error | null, r: any) => (e ? fail(e) : ok(r))));
    expect((await check('')).status).toBe('SERVING');
    expect((await check('tensorcast.v1.ForecastService')).status).toBe('SERVING');
    client.close();
  });

  it('server reflection lists ForecastService and serves its file descriptor', async () => {
    const root = join(packageRoot(), 'node_modules/@grpc/reflection/build/proto');
    const Reflection = loadService(join(root, 'grpc/reflection/v1alpha/reflection.proto'), root, ['grpc', 'reflection', 'v1alpha', 'ServerReflection']);
    const client = new Reflection(ts.address, credentials.createInsecure());
    const ask = (q: object) =>
      new Promise<any>((ok, fail) => {
        const call = client.ServerReflectionInfo();
        call.on('data', (r: any) => {
          ok(r);
          call.end();
        });
        call.on('error', fail);
        call.write(q);
      });
    const list = await ask({ list_services: '' });
    const names = list.list_services_response.service.map((s: { name: string }) => s.name);
    expect(names).toContain('tensorcast.v1.ForecastService');
    const file = await ask({ file_containing_symbol: 'tensorcast.v1.ForecastService' });
    expect(file.file_descriptor_response.file_descriptor_proto.length).toBeGreaterThan(0);
    client.close();
  });

  it('GetCapabilities answers version, backends, models and limits', async () => {
    const caps = await ts.client.capabilities();
    expect(caps.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(caps.backendsCompiled).toContain('cpu');
    expect(caps.backendInUse).toBe('cpu');
    const names = caps.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['random_walk', 'drift', 'seasonal_naive', 'ewma']));
    expect(caps.limits.maxTickers).toBe(ts.cfg.limits.maxTickers);
    expect(caps.limits.maxMessageBytes).toBe(ts.cfg.server.maxMessageBytes);
  });

  it('control plane: /healthz, /readyz and /metrics', async () => {
    const base = `http://127.0.0.1:${ts.server.httpPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    await ts.client.forecast({ series: [{ ticker: 'M', close: syntheticCloses(20) }], models: [{ name: 'random_walk' }], horizonBars: 2 });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/tensorcast_requests_total\{method="Forecast",code="OK"\} [1-9]/);
    expect(text).toMatch(/tensorcast_stage_duration_seconds_bucket/);
  });
});

describe('ForecastStream', () => {
  it('answers several pushes on one call with per-ticker results, and a bad push with error entries', async () => {
    const call = ts.client.raw.ForecastStream();
    const received: any[] = [];
    const done = new Promise<void>((ok, fail) => {
      call.on('data', (f: any) => received.push(f));
      call.on('end', () => ok());
      call.on('error', fail);
    });
    call.write({ requestId: 'push-1', series: [{ ticker: 'A', close: syntheticCloses(30, 1) }, { ticker: 'B', close: syntheticCloses(30, 2) }], models: [{ name: 'random_walk' }], horizonBars: 2 });
    call.write({ requestId: 'push-2', series: [{ ticker: 'C', close: syntheticCloses(30, 3) }], models: [{ name: 'ewma' }, { name: 'drift' }], horizonBars: 2 });
    call.write({ requestId: 'push-3', series: [{ ticker: 'D', close: [1, 2] }], models: [{ name: 'nope' }], horizonBars: 2 });
    call.end();
    await done;
    const key = (f: any) => `${f.requestId}/${f.ticker}/${f.model}/${f.status}`;
    expect(received.map(key).sort()).toEqual(
      ['push-1/A/random_walk/OK', 'push-1/B/random_walk/OK', 'push-2/C/ewma/OK', 'push-2/C/drift/OK', 'push-3/D//ERROR'].sort(),
    );
    const bad = received.find((f) => f.requestId === 'push-3');
    expect(bad.errorCode).toBe('INVALID_ARGUMENT');
    expect(bad.error).toMatch(/unknown model "nope"/);
    const c = received.find((f) => f.ticker === 'C' && f.model === 'drift');
    const y = syntheticCloses(30, 3);
    expect(c.mean[0]).toBeCloseTo(y[29] + (y[29] - y[0]) / 29, 10);
  });
});
