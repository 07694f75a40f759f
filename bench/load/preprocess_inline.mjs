#!/usr/bin/env node
// Inline preprocessing vs the worker round trip, per request size (chooses preprocess.inlineMaxValues).
//   npm run build && node bench/load/preprocess_inline.mjs
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(fileURLToPath(import.meta.url), '../../..');
const { prepareBatch } = await import(join(root, 'dist/preprocess/batch.js'));
const { PreprocessPool } = await import(join(root, 'dist/preprocess/pool.js'));
const policy = { missing: 'reject', order: 'sort', duplicates: 'keep_last', returns: 'log_pct' };
const limits = { maxPointsPerSeries: 1e6 };
const series = (n) => [{
  ticker: 'A',
  timestampsMs: Float64Array.from({ length: n }, (_, i) => i * 86_400_000),
  columns: { close: Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i)) },
}];
const pool = new PreprocessPool({ threads: 2, maxQueue: 64 }); // inlineMaxValues 0: always a worker
console.log('| rows | values | inline µs | worker round trip µs (wall) | worker round trip µs (process CPU) |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const n of [2500, 6000, 25000]) {
  const s = series(n);
  for (let i = 0; i < 200; i++) prepareBatch(s, policy, limits);
  let t0 = performance.now();
  for (let i = 0; i < 500; i++) prepareBatch(s, policy, limits);
  const inlineUs = ((performance.now() - t0) / 500) * 1000;
  for (let i = 0; i < 50; i++) await pool.prepare({ kind: 'messages', series: s, policy, limits });
  const c0 = process.cpuUsage();
  t0 = performance.now();
  for (let i = 0; i < 300; i++) await pool.prepare({ kind: 'messages', series: s, policy, limits });
  const cpu = process.cpuUsage(c0);
  const wallUs = ((performance.now() - t0) / 300) * 1000;
  console.log(`| ${n} | ${2 * n} | ${inlineUs.toFixed(0)} | ${wallUs.toFixed(0)} | ${((cpu.user + cpu.system) / 300).toFixed(0)} |`);
}
await pool.close();
