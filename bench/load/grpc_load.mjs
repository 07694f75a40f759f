#!/usr/bin/env node
// gRPC load generator for the dynamic batcher (issue 6). Loopback only; every cell is bounded by a
// request count and a time limit and the whole run stops by itself.
//
//   node bench/load/grpc_load.mjs [--model garch] [--concurrency 1,8,64,256] [--arrivals uniform,poisson]
//        [--batching on,off] [--requests 2000] [--seconds 10] [--rate 4000] [--points 2500] [--autocannon]
//
// For each (batching, arrivals, concurrency) a fresh server child process is started, warmed up, and
// driven by an open-loop arrival schedule at --rate requests/s (uniform: equal gaps; poisson:
// exponential gaps) with at most `concurrency` calls outstanding; an arrival that finds all of them
// busy is sent as soon as one returns (so an offered rate above capacity makes it a closed loop of
// `concurrency` clients). Latency is the call's own, from send to response. Each request is one
// ticker: the last --points closes of a Dow 30 sample ticker (--data dow) or synthetic GARCH(1,1)
// returns (--data synthetic).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ForecastClient } = await import(join(root, 'dist', 'client', 'client.js'));
const { loadProto, SERVICE_NAME } = await import(join(root, 'dist', 'server', 'proto.js'));

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'garch' },
    // GARCH(1,1) alone, as the benchmark asks; --fallback adds the service's GJR -> EWMA chain.
    fallback: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '1,8,64,256' },
    arrivals: { type: 'string', default: 'uniform,poisson' },
    batching: { type: 'string', default: 'on,off' },
    requests: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '4000' },
    points: { type: 'string', default: '2500' },
    warmup: { type: 'string', default: '200' },
    data: { type: 'string', default: 'dow' },
    autocannon: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
const CONCURRENCY = list(args.concurrency).map(Number);
const ARRIVALS = list(args.arrivals);
const BATCHING = list(args.batching);
const MAX_REQUESTS = Number(args.requests);
const MAX_SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const POINTS = Number(args.points);
const WARMUP = Number(args.warmup);

// Dow 30 sample: 30 tickers x 2,529 daily closes; each request takes the last POINTS of one ticker.
function loadSeries() {
  const lines = readFileSync(join(root, 'examples', 'data', 'dow30_daily_close.csv'), 'utf8').trim().split('\n').slice(1);
  const by = new Map();
  for (const line of lines) {
    const [t, date, close] = line.split(',');
    if (!by.has(t)) by.set(t, { ts: [], close: [] });
    by.get(t).ts.push(Date.parse(`${date}T00:00:00Z`));
    by.get(t).close.push(Number(close));
  }
  return [...by.entries()].map(([ticker, s]) => ({ ticker, timestampsMs: s.ts.slice(-POINTS), close: s.close.slice(-POINTS) }));
}
// Synthetic GARCH(1,1) returns in percent (omega 0.05, alpha 0.08, beta 0.9), a fixed LCG per ticker.
function syntheticSeries() {
  return Array.from({ length: 30 }, (_, k) => {
    let s = 1234567 + 7919 * k;
    const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const ret = [];
    let h = 1;
    let prev = 0;
    for (let i = 0; i < POINTS; i++) {
      h = 0.05 + 0.08 * prev * prev + 0.9 * h;
      prev = Math.sqrt(h) * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      ret.push(prev);
    }
    return { ticker: `SYN${k}`, ret };
  });
}
const SERIES = args.data === 'synthetic' ? syntheticSeries() : loadSeries();
const request = (k) => ({ requestId: `load-${k}`, series: [SERIES[k % SERIES.length]], models: [{ name: args.model, noFallback: !args.fallback }], horizonBars: 10 });
// The generator shares the server's 2 cores, so each distinct request is encoded once, up front
// (protobuf-encoding 2,500 int64 timestamps and doubles costs ~0.6 ms a call), and sent as bytes.
const FORECAST = loadProto()[SERVICE_NAME].Forecast;
const ENCODED = SERIES.map((_, k) => FORECAST.requestSerialize(request(k)));
function forecastEncoded(client, k, deadlineMs) {
  return new Promise((ok, fail) =>
    client.raw.makeUnaryRequest(FORECAST.path, (b) => b, FORECAST.responseDeserialize, ENCODED[k % ENCODED.length], { deadline: Date.now() + deadlineMs }, (err, res) => (err ? fail(err) : ok(res))),
  );
}

function startServer(batching) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'tensorcast.js'), 'serve'], {
      env: {
        ...process.env,
        TENSORCAST_SERVER__PORT: '0',
        TENSORCAST_HTTP__PORT: '0',
        TENSORCAST_LOG__LEVEL: 'warn',
        TENSORCAST_BATCHING__ENABLED: batching === 'on' ? 'true' : 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/\{"listening":\{"grpcPort":(\d+),"httpPort":(\d+)\}\}/);
      if (m) ok({ child, grpcPort: Number(m[1]), httpPort: Number(m[2]) });
    });
    child.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function runCell(client, concurrency, arrivals) {
  const gap = () => (arrivals === 'poisson' ? -Math.log(1 - Math.random()) : 1) * (1000 / RATE);
  const lat = [];
  const queue = [];
  const compute = [];
  let errors = 0;
  let outstanding = 0;
  let sent = 0;
  const backlog = []; // scheduled arrival times waiting for a free slot
  const t0 = performance.now();
  const stopAt = t0 + MAX_SECONDS * 1000;
  let nextArrival = t0;
  let k = 0;
  await new Promise((done) => {
    const send = () => {
      const sentAt = performance.now();
      outstanding++;
      sent++;
      forecastEncoded(client, k++, 30_000).then(
        (res) => {
          lat.push(performance.now() - sentAt);
          queue.push(res.timing.queueMs);
          compute.push(res.timing.computeMs);
        },
        () => errors++,
      ).finally(() => {
        outstanding--;
        if (backlog.length > 0 && performance.now() < stopAt) (backlog.shift(), send());
        else if (outstanding === 0 && (sent >= MAX_REQUESTS || performance.now() >= stopAt)) done();
      });
    };
    const tick = () => {
      const now = performance.now();
      while (nextArrival <= now && sent + backlog.length < MAX_REQUESTS && now < stopAt) {
        if (outstanding < concurrency) send();
        else backlog.push(nextArrival);
        nextArrival += gap();
      }
      if (sent + backlog.length < MAX_REQUESTS && now < stopAt) setTimeout(tick, Math.max(0, Math.min(5, nextArrival - now)));
      else if (outstanding === 0) done();
    };
    tick();
  });
  const wallS = (performance.now() - t0) / 1000;
  const s = [...lat].sort((a, b) => a - b);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sq = [...queue].sort((a, b) => a - b);
  return {
    ok: lat.length,
    errors,
    unsent: backlog.length,
    wallS,
    throughput: lat.length / wallS,
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    queueMean: mean(queue),
    queueP99: quantile(sq, 0.99),
    computeMean: mean(compute),
  };
}

async function scrape(httpPort, name) {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  const sum = (re) => text.split('\n').filter((l) => re.test(l)).reduce((a, l) => a + Number(l.split(' ').pop()), 0);
  return { executions: sum(new RegExp(`^tensorcast_batch_executions_total\\{model="${name}"\\}`)), seriesSum: sum(new RegExp(`^tensorcast_batch_series_sum\\{model="${name}"\\}`)) };
}

async function autocannonWhile(httpPort, path, durationS) {
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({ url: `http://127.0.0.1:${httpPort}${path}`, connections: 4, duration: durationS });
  return { path, requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max };
}

const rows = [];
const controlRows = [];
for (const batching of BATCHING) {
  for (const arrivals of ARRIVALS) {
    for (const concurrency of CONCURRENCY) {
      const srv = await startServer(batching);
      const client = new ForecastClient(`127.0.0.1:${srv.grpcPort}`);
      try {
        await Promise.all(Array.from({ length: WARMUP }, (_, i) => client.forecast(request(i))));
        const before = await scrape(srv.httpPort, args.model);
        const control = args.autocannon && concurrency === 64
          ? Promise.all(['/metrics', '/readyz'].map((path) => autocannonWhile(srv.httpPort, path, Math.min(5, MAX_SECONDS))))
          : undefined;
        const cell = await runCell(client, concurrency, arrivals);
        if (control) for (const r of await control) controlRows.push({ batching, arrivals, concurrency, ...r });
        const after = await scrape(srv.httpPort, args.model);
        const executions = after.executions - before.executions;
        const row = { batching, arrivals, concurrency, ...cell, executions, seriesPerCall: executions ? (after.seriesSum - before.seriesSum) / executions : NaN };
        rows.push(row);
        console.error(JSON.stringify(row));
      } finally {
        client.close();
        srv.child.kill('SIGTERM');
        await new Promise((r) => srv.child.once('exit', r));
      }
    }
  }
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
console.log('| batching | arrivals | concurrency | ok | errors | req/s | p50 ms | p90 ms | p99 ms | queue ms (mean / p99) | compute ms (mean) | series per kernel call |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.batching} | ${r.arrivals} | ${r.concurrency} | ${r.ok} | ${r.errors} | ${f(r.throughput, 0)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.queueMean, 2)} / ${f(r.queueP99, 2)} | ${f(r.computeMean, 2)} | ${r.batching === 'on' ? f(r.seriesPerCall) : '1 (direct)'} |`);
}
const ratio = [];
for (const arrivals of ARRIVALS) for (const c of CONCURRENCY) {
  const on = rows.find((r) => r.batching === 'on' && r.arrivals === arrivals && r.concurrency === c);
  const off = rows.find((r) => r.batching === 'off' && r.arrivals === arrivals && r.concurrency === c);
  if (on && off) ratio.push(`| ${arrivals} | ${c} | ${f(on.throughput / off.throughput, 2)}× | ${f(on.p99 / off.p99, 2)} |`);
}
if (ratio.length) {
  console.log('\n| arrivals | concurrency | throughput on/off | p99 on/off |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of ratio) console.log(r);
}
if (controlRows.length) {
  console.log('\n| batching | arrivals | gRPC concurrency | path | requests (4 connections, 5 s) | non-2xx | errors | p50 ms | p99 ms | max ms |');
  console.log('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of controlRows) console.log(`| ${r.batching} | ${r.arrivals} | ${r.concurrency} | ${r.path} | ${r.requests} | ${r.non2xx} | ${r.errors} | ${r.p50} | ${r.p99} | ${r.max} |`);
}
if (args.json) console.log(JSON.stringify({ rows, controlRows }));
