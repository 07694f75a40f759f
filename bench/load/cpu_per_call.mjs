#!/usr/bin/env node
// Server CPU time per call (all threads of the server process, from /proc) and load-generator CPU
// per call, for single-ticker calls at a fixed concurrency, batching on and off. CPU time per call
// is much less sensitive than throughput to other load on a shared machine. Linux only.
//   npm run build && node bench/load/cpu_per_call.mjs [--model garch] [--calls 1000] [--concurrency 64]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '../../..');
const { ForecastClient } = await import(join(root, 'dist/client/client.js'));
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'garch' },
    calls: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    batching: { type: 'string', default: 'on,off' },
  },
});
const lines = readFileSync(join(root, 'examples/data/dow30_daily_close.csv'), 'utf8').trim().split('\n').slice(1);
const by = new Map();
for (const l of lines) {
  const [t, d, c] = l.split(',');
  if (!by.has(t)) by.set(t, { ts: [], close: [] });
  by.get(t).ts.push(Date.parse(`${d}T00:00:00Z`));
  by.get(t).close.push(Number(c));
}
const SERIES = [...by].map(([ticker, s]) => ({ ticker, timestampsMs: s.ts.slice(-2500), close: s.close.slice(-2500) }));
const request = (k) => ({ requestId: `cpu-${k}`, series: [SERIES[k % SERIES.length]], models: [{ name: args.model, noFallback: true }], horizonBars: 10 });
/** utime + stime of a process, all threads, in ms (clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const N = Number(args.calls);
const C = Number(args.concurrency);
console.log('| batching | calls | concurrency | calls/s | server CPU ms per call | generator CPU ms per call |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const batching of args.batching.split(',')) {
  const child = spawn(process.execPath, [join(root, 'bin/tensorcast.js'), 'serve'], {
    env: { ...process.env, TENSORCAST_SERVER__PORT: '0', TENSORCAST_HTTP__PORT: '0', TENSORCAST_LOG__LEVEL: 'warn', TENSORCAST_BATCHING__ENABLED: String(batching === 'on') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((ok, fail) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/"grpcPort":(\d+)/);
      if (m) ok(Number(m[1]));
    });
    child.on('exit', (code) => fail(new Error(`server exited ${code}`)));
  });
  const client = new ForecastClient(`127.0.0.1:${port}`);
  try {
    await Promise.all(Array.from({ length: 200 }, (_, i) => client.forecast(request(i))));
    const s0 = cpuMs(child.pid);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let k = 0;
    await Promise.all(Array.from({ length: C }, async () => {
      while (k < N) await client.forecast(request(k++), 60_000);
    }));
    const wallMs = performance.now() - t0;
    const serverMs = cpuMs(child.pid) - s0;
    const c1 = process.cpuUsage(c0);
    console.log(`| ${batching} | ${N} | ${C} | ${((N / wallMs) * 1000).toFixed(0)} | ${(serverMs / N).toFixed(2)} | ${((c1.user + c1.system) / 1000 / N).toFixed(2)} |`);
  } finally {
    client.close();
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
  }
}
