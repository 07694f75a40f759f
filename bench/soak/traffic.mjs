// The soak's traffic and its tally, shared by bench/soak/soak.mjs (minutes) and
// tests/reliability/soak.test.ts (about 30 s). A tensorcast server runs as a child process (its
// memory is its own), with fault injection switched on through the environment; closed-loop
// clients send a seeded mix of valid, invalid (malformed objects and raw bytes), cancelled,
// deadline-bound and streaming calls. Every call is classified by what came back; a call is LOST
// when a valid or invalid call got anything but its expected codes, or no answer within its deadline.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ForecastClient } = await import(join(root, 'dist', 'client', 'client.js'));
const { loadProto, SERVICE_NAME } = await import(join(root, 'dist', 'server', 'proto.js'));
const { mulberry32 } = await import(join(root, 'dist', 'core', 'prng.js'));
const { status } = await import('@grpc/grpc-js');

const FORECAST = loadProto()[SERVICE_NAME].Forecast;

/** Fault injection for the soak: rare worker crashes and refused batches, and a poisoned ticker. */
export const SOAK_FAULT_ENV = {
  TENSORCAST_PREPROCESS__INLINE_MAX_VALUES: '0', // every request goes through a worker, so crashes can hit it
  TENSORCAST_FAULTS__PREPROCESS__MODE: 'crash',
  TENSORCAST_FAULTS__PREPROCESS__PROBABILITY: '0.01',
  TENSORCAST_FAULTS__PREPROCESS__SEED: '7',
  TENSORCAST_FAULTS__COMPUTE__MODE: 'fail',
  TENSORCAST_FAULTS__COMPUTE__PROBABILITY: '0.01',
  TENSORCAST_FAULTS__COMPUTE__SEED: '8',
  TENSORCAST_FAULTS__COMPUTE__POISON_TICKER: 'POISON',
};

/** The audit trail for the soak's server: every accepted call must get its record (docs/security.md). */
export function auditEnv(path) {
  return { TENSORCAST_SECURITY__AUDIT__ENABLED: 'true', TENSORCAST_SECURITY__AUDIT__PATH: path };
}

/** After the server stopped: the audit log's verification and its call records by method. */
export async function auditSummary(path) {
  const { verifyAuditFile } = await import(join(root, 'dist', 'security', 'audit_verify.js'));
  const { readFileSync } = await import('node:fs');
  const verify = verifyAuditFile(path);
  const calls = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.type === 'call') calls[r.method.split('/').pop()] = (calls[r.method.split('/').pop()] ?? 0) + 1;
  }
  return { ok: verify.ok, sealed: verify.sealed, problems: verify.problems, calls };
}

/** Starts `tensorcast serve` on free loopback ports; resolves once it is listening. */
export function startSoakServer(env = {}) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'tensorcast.js'), 'serve'], {
      env: { ...process.env, TENSORCAST_SERVER__PORT: '0', TENSORCAST_HTTP__PORT: '0', TENSORCAST_LOG__LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    let exited = null;
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/\{"listening":\{"grpcPort":(\d+),"httpPort":(\d+)\}\}/);
      if (m) {
        buf = '';
        ok({
          child,
          pid: child.pid,
          grpcPort: Number(m[1]),
          httpPort: Number(m[2]),
          exited: () => exited,
          stop: () => new Promise((done) => (exited !== null ? done(exited) : (child.once('exit', (c) => done(c)), child.kill('SIGTERM')))),
        });
      }
    });
    child.on('exit', (code) => {
      exited = code;
      fail(new Error(`server exited ${code} before listening`));
    });
  });
}

/** Sums a Prometheus metric's samples (optionally those whose labels include `match`). */
export async function scrape(httpPort, name, match = {}) {
  const text = await (await fetch(`http://127.0.0.1:${httpPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = line.match(/^([a-z_]+)(\{[^}]*\})? (\S+)$/);
    if (!m || m[1] !== name) continue;
    const labels = m[2] ?? '';
    if (Object.entries(match).every(([k, v]) => labels.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

/** Deterministic closes from a seeded random walk. */
function closes(random, n) {
  const out = [];
  let p = 50 + 100 * random();
  for (let i = 0; i < n; i++) out.push((p *= 1 + 0.02 * (random() - 0.5)));
  return out;
}

const VALID_MODELS = [[{ name: 'random_walk' }], [{ name: 'ewma' }], [{ name: 'garch' }], [{ name: 'random_walk' }, { name: 'drift' }]];

/** A valid request of 1..4 tickers; one in ten carries the poisoned ticker. */
function validRequest(random, k) {
  const n = 1 + Math.floor(random() * 4);
  const series = Array.from({ length: n }, (_, i) => ({ ticker: `T${i}`, close: closes(random, 120 + Math.floor(random() * 200)) }));
  if (random() < 0.1) series[0].ticker = 'POISON';
  return { requestId: `v${k}`, series, models: VALID_MODELS[Math.floor(random() * VALID_MODELS.length)], horizonBars: 1 + Math.floor(random() * 10) };
}

/** Requests the server must answer INVALID_ARGUMENT: objects (encoded by the client) or raw bytes. */
function invalidRequest(random, k) {
  const good = validRequest(random, k);
  const pick = Math.floor(random() * 6);
  if (pick === 0) return { object: { ...good, horizonBars: 0 } };
  if (pick === 1) return { object: { ...good, models: [{ name: 'no_such_model' }] } };
  if (pick === 2) return { object: { ...good, series: [{ ticker: 'X', close: [1, NaN, 3] }] } };
  if (pick === 3) return { object: { ...good, levels: [1.5] } };
  if (pick === 4) return { object: { models: good.models, horizonBars: 1 } };
  // Not a protobuf message: a field of wire type 7, then junk.
  return { bytes: Buffer.from([0x0f, ...Array.from({ length: 8 + Math.floor(random() * 200) }, () => Math.floor(random() * 256))]) };
}

function unary(client, req, deadlineMs, cancelAfterMs) {
  return new Promise((done) => {
    const cb = (err, res) => done(err ? { code: err.code, details: err.details } : { code: status.OK, res });
    const options = { deadline: Date.now() + deadlineMs };
    const call = req.bytes
      ? client.raw.makeUnaryRequest('/tensorcast.v1.ForecastService/Forecast', (b) => b, FORECAST.responseDeserialize, req.bytes, options, cb)
      : client.raw.Forecast(req.object, options, cb);
    if (cancelAfterMs !== undefined) setTimeout(() => call.cancel(), cancelAfterMs);
  });
}

function stream(client, pushes, deadlineMs) {
  return new Promise((done) => {
    const call = client.raw.ForecastStream({ deadline: Date.now() + deadlineMs });
    const ids = new Set();
    call.on('data', (f) => ids.add(f.requestId));
    call.on('end', () => done({ code: status.OK, answered: pushes.every((p) => ids.has(p.requestId)) }));
    call.on('error', (err) => done({ code: err.code, answered: false }));
    for (const p of pushes) call.write(p);
    call.end();
  });
}

/** Least time between two reset-producing calls on one connection (at most 20/s, under nghttp2's 33/s). */
const RESET_GAP_MS = 50;

const KINDS = [
  ['valid', 0.5],
  ['invalid', 0.2],
  ['cancelled', 0.1],
  ['deadline', 0.1],
  ['stream', 0.1],
];

/** Codes that count as answered, per kind. UNAVAILABLE is a contained fault (retryable); RESOURCE_EXHAUSTED a refusal. */
const EXPECTED = {
  valid: [status.OK, status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
  // UNAVAILABLE: a bad series whose preprocessing worker crashed before it could be read.
  invalid: [status.INVALID_ARGUMENT, status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
  cancelled: [status.CANCELLED, status.OK, status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
  deadline: [status.DEADLINE_EXCEEDED, status.OK, status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
  stream: [status.OK],
};

/** Per-ticker codes a valid call may carry: contained faults only (the data is clean). */
const TICKER_FAULT_CODES = new Set(['UNAVAILABLE', 'INTERNAL']);

function finiteForecast(f) {
  const nums = [...f.mean, ...f.variance, ...f.intervals.flatMap((i) => [...i.lower, ...i.upper]), ...Object.values(f.params ?? {})];
  return nums.every(Number.isFinite);
}

/**
 * Runs the soak for `seconds` with `concurrency` closed-loop clients; samples the server's memory
 * from /metrics every `sampleMs`. Returns the tally and the memory figures.
 */
export async function soak({ server, seconds, concurrency = 8, seed = 1, sampleMs = 1000, log = () => {} }) {
  // One connection per client (a local subchannel pool stops grpc-js sharing one), and at most one
  // reset-producing call (cancelled, or deadline-bound) per RESET_GAP_MS on each: nghttp2's
  // rapid-reset guard closes a connection whose client resets more than ~33 streams/s after a
  // burst of 1000, failing every call on it with INTERNAL (docs/reliability.md).
  const clients = Array.from({ length: concurrency }, () => new ForecastClient(`127.0.0.1:${server.grpcPort}`, undefined, {}, { 'grpc.use_local_subchannel_pool': 1 }));
  const random = mulberry32(seed);
  const tally = { sent: 0, lost: 0, byKind: {}, codes: {}, tickerFaults: 0, poisonedTickers: 0, nonFinite: 0, badInputs: 0, lostExamples: [] };
  for (const [k] of KINDS) tally.byKind[k] = { sent: 0, answered: 0 };
  const memory = [];
  const sample = async () => {
    const [rss, heap] = await Promise.all([scrape(server.httpPort, 'tensorcast_process_resident_memory_bytes'), scrape(server.httpPort, 'tensorcast_nodejs_heap_size_used_bytes')]);
    memory.push({ atMs: Date.now() - started, rssBytes: rss, heapUsedBytes: heap });
  };
  const started = Date.now();
  await sample();
  const sampler = setInterval(() => void sample().catch(() => {}), sampleMs);
  const endAt = started + seconds * 1000;

  const one = async (k, client, lane) => {
    const x = random();
    let acc = 0;
    let kind = KINDS.find(([, p]) => (acc += p) > x)?.[0] ?? 'valid';
    if (kind === 'cancelled' || kind === 'deadline') {
      if (Date.now() - lane.lastResetMs < RESET_GAP_MS) kind = 'valid';
      else lane.lastResetMs = Date.now();
    }
    tally.sent++;
    tally.byKind[kind].sent++;
    let out;
    let ok = true;
    if (kind === 'valid') {
      const req = validRequest(random, k);
      out = await unary(client, { object: req }, 30_000);
      if (out.code === status.OK) {
        for (const f of out.res.forecasts) {
          if (f.status === 'OK') {
            if (!finiteForecast(f)) ((tally.nonFinite++), (ok = false));
          } else if (TICKER_FAULT_CODES.has(f.errorCode)) {
            tally.tickerFaults++;
            if (f.ticker === 'POISON') tally.poisonedTickers++;
          } else {
            ok = false;
            out.details = `${f.ticker}/${f.model}: ${f.errorCode} ${f.error}`;
          }
        }
      }
    } else if (kind === 'invalid') {
      tally.badInputs++;
      out = await unary(client, invalidRequest(random, k), 30_000);
    } else if (kind === 'cancelled') {
      out = await unary(client, { object: validRequest(random, k) }, 30_000, Math.floor(random() * 6));
    } else if (kind === 'deadline') {
      const req = validRequest(random, k);
      req.models = [{ name: 'garch' }];
      out = await unary(client, { object: req }, 1 + Math.floor(random() * 5));
    } else {
      tally.badInputs++;
      const pushes = [validRequest(random, k), { ...validRequest(random, k + 0.5), requestId: `s${k}-bad`, horizonBars: 0 }];
      out = await stream(client, pushes, 30_000);
      ok = out.answered;
    }
    tally.codes[status[out.code]] = (tally.codes[status[out.code]] ?? 0) + 1;
    if (ok && EXPECTED[kind].includes(out.code)) tally.byKind[kind].answered++;
    else {
      tally.lost++;
      if (tally.lostExamples.length < 5) tally.lostExamples.push({ kind, code: status[out.code], details: out.details });
    }
  };

  let k = 0;
  let lastLog = started;
  await Promise.all(
    clients.map(async (client) => {
      const lane = { lastResetMs: 0 };
      while (Date.now() < endAt) {
        await one(k++, client, lane);
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          log(`${Math.round((lastLog - started) / 1000)} s: ${tally.sent} calls, ${tally.lost} lost`);
        }
      }
    }),
  );
  clearInterval(sampler);
  await sample();
  for (const c of clients) c.close();
  const faultsContained = {
    worker_crash: await scrape(server.httpPort, 'tensorcast_faults_contained_total', { kind: 'worker_crash' }),
    compute_unavailable: await scrape(server.httpPort, 'tensorcast_faults_contained_total', { kind: 'compute_unavailable' }),
    kernel_error: await scrape(server.httpPort, 'tensorcast_faults_contained_total', { kind: 'kernel_error' }),
  };
  // Calls the server accepted and recorded (one count per finished handler): where an audit trail's records can be compared.
  const serverRecorded = {
    Forecast: await scrape(server.httpPort, 'tensorcast_requests_total', { method: 'Forecast' }),
    ForecastStream: await scrape(server.httpPort, 'tensorcast_requests_total', { method: 'ForecastStream' }),
  };
  const readyz = await (await fetch(`http://127.0.0.1:${server.httpPort}/readyz`)).json();
  return { seconds: (Date.now() - started) / 1000, concurrency, seed, tally, memory: summarize(memory), faultsContained, serverRecorded, readyz };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};

/**
 * Growth is measured between the first and the last quarter of the run, by median (a GC cycle
 * moves a single sample by tens of MB): the first quarter is the warmed-up baseline.
 */
function summarize(samples) {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const first = samples.slice(0, q);
  const last = samples.slice(-q);
  const mb = (b) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    samples: samples.length,
    rssStartMb: mb(median(first.map((s) => s.rssBytes))),
    rssEndMb: mb(median(last.map((s) => s.rssBytes))),
    rssPeakMb: mb(Math.max(...samples.map((s) => s.rssBytes))),
    rssGrowthMb: mb(median(last.map((s) => s.rssBytes)) - median(first.map((s) => s.rssBytes))),
    heapStartMb: mb(median(first.map((s) => s.heapUsedBytes))),
    heapEndMb: mb(median(last.map((s) => s.heapUsedBytes))),
    heapPeakMb: mb(Math.max(...samples.map((s) => s.heapUsedBytes))),
    heapGrowthMb: mb(median(last.map((s) => s.heapUsedBytes)) - median(first.map((s) => s.heapUsedBytes))),
  };
}
