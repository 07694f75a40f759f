// Fuzzing the real server over gRPC: random proto-shaped requests, random raw bytes, and valid
// requests with corrupted encodings. Whatever comes in, the server answers every call, with a
// valid response (every number finite, every failed ticker carrying an error code) or
// INVALID_ARGUMENT, and keeps serving afterwards. The oracle is that contract, not a value.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProto, SERVICE_NAME } from '../../src/server/proto.js';
import { computeRequest, forecastRequest, numbersOf } from '../helpers/requests.js';
import { grpcCode, startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';

const TICKER_CODES = ['INVALID_ARGUMENT', 'FAILED_PRECONDITION', 'INTERNAL', 'UNAVAILABLE', 'DEADLINE_EXCEEDED'];
const method = (loadProto()[SERVICE_NAME] as any).Forecast;
const FORECAST_PATH = '/tensorcast.v1.ForecastService/Forecast';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(() => ts.stop());

/** A response is valid when every forecast is OK with finite numbers, or ERROR with a known code and a message. */
function expectValidResponse(res: { forecasts: Record<string, any>[] }): void {
  for (const f of res.forecasts) {
    if (f.status === 'OK') {
      const bad = numbersOf(f).filter((x) => !Number.isFinite(x));
      expect(bad, `${f.ticker}/${f.model}: non-finite numbers`).toEqual([]);
      expect(f.mean.length).toBeGreaterThan(0);
    } else {
      expect(f.status).toBe('ERROR');
      expect(TICKER_CODES).toContain(f.errorCode);
      expect(f.error.length).toBeGreaterThan(0);
    }
  }
}

/** Sends raw bytes as a Forecast request; resolves with the decoded response or the error. */
function sendBytes(bytes: Uint8Array): Promise<{ res?: any; err?: ServiceError }> {
  return new Promise((done) =>
    ts.client.raw.makeUnaryRequest(
      FORECAST_PATH,
      (b: Buffer) => b,
      (b: Buffer) => method.responseDeserialize(b),
      Buffer.from(bytes),
      new Metadata(),
      { deadline: Date.now() + 30_000 },
      (err: ServiceError | null, res: unknown) => done(err ? { err } : { res }),
    ),
  );
}

function expectOkOrInvalid({ res, err }: { res?: any; err?: ServiceError }): void {
  if (err) {
    expect(status[err.code], err.details).toBe('INVALID_ARGUMENT');
    expect(err.details.length).toBeGreaterThan(0);
  } else {
    expectValidResponse(res);
  }
}

const tally = { sent: 0, ok: 0, invalid: 0 };

describe('fuzz: the real server over gRPC', () => {
  it('random proto-shaped requests: a valid response or INVALID_ARGUMENT, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(forecastRequest, computeRequest), async (req) => {
        tally.sent++;
        const out: { res?: any; err?: ServiceError } = await ts.client.forecast(req, 30_000).then(
          (res: any) => ({ res }),
          (err: ServiceError) => ({ err }),
        );
        expectOkOrInvalid(out);
        if (out.err) tally.invalid++;
        else tally.ok++;
      }),
      { seed: 31, numRuns: 400 },
    );
    // The generator reaches the models, not only the validator.
    expect(tally.ok).toBeGreaterThan(50);
    expect(tally.invalid).toBeGreaterThan(50);
  });

  it('random bytes as the request body: INVALID_ARGUMENT (or a valid answer if they happen to decode)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        expectOkOrInvalid(await sendBytes(bytes));
      }),
      { seed: 32, numRuns: 400 },
    );
    // Bytes that are not a protobuf message at all (a field with wire type 7) are the sender's error.
    const { err } = await sendBytes(Uint8Array.from([0x0f, 0xff, 0xff]));
    expect(err?.code).toBe(status.INVALID_ARGUMENT);
    expect(err?.details).toMatch(/^request is not a valid protobuf message: /);
  });

  it('valid requests with corrupted encodings (byte flips, truncation): a valid response or INVALID_ARGUMENT', async () => {
    const good: Buffer = method.requestSerialize({
      series: [{ ticker: 'A', close: syntheticCloses(80, 1) }, { ticker: 'B', close: syntheticCloses(80, 2) }],
      models: [{ name: 'random_walk' }, { name: 'garch' }],
      horizonBars: 3,
    });
    const edit = fc.tuple(fc.nat(good.length - 1), fc.nat(255));
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(good.length), fc.boolean(), async (edits, cut, truncate) => {
        const bytes = Uint8Array.from(good);
        for (const [at, v] of edits) bytes[at] = v;
        expectOkOrInvalid(await sendBytes(truncate ? bytes.subarray(0, cut) : bytes));
      }),
      { seed: 33, numRuns: 300 },
    );
  });

  it('a stream of random pushes: every push is answered, the stream stays open and ends cleanly', async () => {
    const pushes = fc.sample(forecastRequest, { seed: 34, numRuns: 80 });
    const call = ts.client.raw.ForecastStream({ deadline: Date.now() + 60_000 });
    const got: Record<string, any>[] = [];
    call.on('data', (f: Record<string, any>) => got.push(f));
    const ended = new Promise<void>((ok, fail) => {
      call.on('end', ok);
      call.on('error', fail);
    });
    for (const p of pushes) call.write({ ...p, requestId: `push-${pushes.indexOf(p)}` });
    call.end();
    await ended;
    expectValidResponse({ forecasts: got });
    // Every push yields at least one entry: forecasts, or error entries for a push that failed.
    const answered = new Set(got.map((f) => f.requestId));
    expect(pushes.map((_, i) => `push-${i}`).filter((id) => !answered.has(id))).toEqual([]);
  });

  it('keeps serving afterwards: a valid call is answered, /healthz is ok, nothing is left in flight', async () => {
    const closes = syntheticCloses(50, 3);
    const res = await ts.client.forecast({ series: [{ ticker: 'Z', close: closes }], models: [{ name: 'random_walk' }], horizonBars: 1 });
    expect(res.forecasts[0].mean).toEqual([closes[49]]);
    expect((await fetch(`http://127.0.0.1:${ts.server.httpPort}/healthz`)).status).toBe(200);
    const inFlight = await ts.server.metrics.registry.getSingleMetric('tensorcast_in_flight_requests')!.get();
    expect(inFlight.values[0].value).toBe(0);
    expect(grpcCode(await ts.client.forecast({}).catch((e: unknown) => e))).toBe(status.INVALID_ARGUMENT);
  });
});
