// Failed, slow and throwing compute batches (faults.compute) through the real server. Expected
// values: random_walk's forecast is the last close sent and ewma's mean is the last close too
// (both by definition), so surviving tickers are checked against the request itself. Fault counts
// are by hand: everyN 1 with maxFaults 1 faults exactly the first CPU batch.
import { status } from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { grpcCode, startTestServer, syntheticCloses, type TestServer } from '../helpers/server.js';

const closes = (k: number) => syntheticCloses(60, k + 1);
const req = (tickers: string[], models = [{ name: 'random_walk' }]) => ({
  series: tickers.map((ticker, k) => ({ ticker, close: closes(k) })),
  models,
  horizonBars: 2,
});
const codes = (res: any) => res.forecasts.map((f: any) => `${f.ticker}/${f.model}:${f.errorCode || f.status}`);
const readyz = async (ts: TestServer) => (await fetch(`http://127.0.0.1:${ts.server.httpPort}/readyz`)).json();
const contained = async (ts: TestServer, kind: string) =>
  (await ts.server.metrics.registry.getSingleMetric('tensorcast_faults_contained_total')!.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;

const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));
async function server(overrides: Record<string, unknown>) {
  const ts = await startTestServer(overrides);
  servers.push(ts);
  return ts;
}

describe('faults.compute mode fail', () => {
  it("a refused batch answers its tickers UNAVAILABLE inside an OK call; the next batch runs", async () => {
    const ts = await server({ faults: { compute: { mode: 'fail', everyN: 1, maxFaults: 1 } } });
    const res = await ts.client.forecast(req(['A', 'B', 'C']));
    expect(codes(res)).toEqual(['A/random_walk:UNAVAILABLE', 'B/random_walk:UNAVAILABLE', 'C/random_walk:UNAVAILABLE']);
    expect(res.forecasts[0].error).toMatch(/compute executor unavailable.*retry/);
    const again = await ts.client.forecast(req(['A', 'B', 'C']));
    expect(again.forecasts.map((f: any) => f.mean[0])).toEqual([0, 1, 2].map((k) => closes(k)[59]));
    expect(await contained(ts, 'compute_unavailable')).toBe(1);
    const body = await readyz(ts);
    expect([body.ready, body.degraded]).toEqual([true, ['1 compute batch(es) refused by the executor; their tickers got UNAVAILABLE in the last 60 s']]);
  });
});

describe('faults.compute poisonTicker: a kernel that throws for one ticker', () => {
  for (const batching of [true, false]) {
    it(`only that ticker gets INTERNAL, its batch mates and the other model keep their forecasts (batching ${batching})`, async () => {
      const ts = await server({ batching: { enabled: batching }, faults: { compute: { poisonTicker: 'BAD' } } });
      const res = await ts.client.forecast(req(['A', 'BAD', 'C'], [{ name: 'random_walk' }, { name: 'ewma' }]));
      expect(codes(res)).toEqual([
        'A/random_walk:OK', 'A/ewma:OK', 'BAD/random_walk:INTERNAL', 'BAD/ewma:INTERNAL', 'C/random_walk:OK', 'C/ewma:OK',
      ]);
      expect(res.forecasts[2].error).toMatch(/^random_walk: kernel error: native kernel error: injected for ticker BAD/);
      expect([res.forecasts[0].mean[0], res.forecasts[4].mean[0]]).toEqual([closes(0)[59], closes(2)[59]]);
      // ewma's numbers for A and C equal those of requests without BAD (series are computed independently).
      const alone = await ts.client.forecast({ series: [{ ticker: 'A', close: closes(0) }, { ticker: 'C', close: closes(2) }], models: [{ name: 'ewma' }], horizonBars: 2 });
      expect([res.forecasts[1].variance, res.forecasts[5].variance]).toEqual(alone.forecasts.map((f: any) => f.variance));
      // One failed batch per model, each isolated by series.
      expect(await contained(ts, 'kernel_error')).toBe(2);
      expect((await readyz(ts)).degraded).toEqual(['2 native kernel error(s); isolated to the failing tickers, which got INTERNAL in the last 60 s']);
    });
  }
});

describe('faults.compute mode slow', () => {
  it('a call whose batch is held past its deadline gets DEADLINE_EXCEEDED; the server keeps answering', async () => {
    const ts = await server({ faults: { compute: { mode: 'slow', everyN: 1, maxFaults: 1, slowMs: 3000 } } });
    // The faulted batch cannot start before 3 s, so a 300 ms deadline always ends the call first.
    const err = await ts.client.forecast(req(['A']), 300).catch((e: unknown) => e);
    expect(grpcCode(err)).toBe(status.DEADLINE_EXCEEDED);
    const ok = await ts.client.forecast(req(['A', 'B']));
    expect(ok.forecasts.map((f: any) => f.mean[0])).toEqual([closes(0)[59], closes(1)[59]]);
  });
});
