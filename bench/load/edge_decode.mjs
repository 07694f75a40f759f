#!/usr/bin/env node
// The edge's decoding of a ForecastRequest with many tickers, main thread: protobufjs (what
// @grpc/proto-loader's deserializer does) against the fast series path (src/server/series_wire.ts),
// each followed by fromProtoSeries (the Float64Array columns the pipeline takes). Same bytes, same
// process, alternating, medians of --repeat runs; prints both and the ratio.
//   node bench/load/edge_decode.mjs [--tickers 1000] [--points 2500] [--repeat 9]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadProto, SERVICE_NAME, forecastRequestDecoder } = await import(join(root, 'dist', 'server', 'proto.js'));
const { fromProtoSeries } = await import(join(root, 'dist', 'preprocess', 'decode_proto.js'));
const { values: args } = parseArgs({ options: { tickers: { type: 'string', default: '1000' }, points: { type: 'string', default: '2500' }, repeat: { type: 'string', default: '9' } } });
const T = Number(args.tickers), P = Number(args.points), R = Number(args.repeat);

const method = loadProto()[SERVICE_NAME].Forecast;
const series = Array.from({ length: T }, (_, k) => ({ ticker: `S${k}`, ret: Array.from({ length: P }, (_, t) => Math.sin(7 * k + t)) }));
const buf = method.requestSerialize({ requestId: 'bench', series, models: [{ name: 'garch' }], horizonBars: 10 });
const decoders = { protobufjs: method.requestDeserialize, fast: forecastRequestDecoder(method.requestDeserialize) };
const times = { protobufjs: [], fast: [] };
for (let i = 0; i < R + 1; i++) {
  for (const [name, decode] of Object.entries(decoders)) {
    const t0 = performance.now();
    fromProtoSeries(decode(buf).series);
    if (i > 0) times[name].push(performance.now() - t0); // the first round warms up both
  }
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const [slow, quick] = [median(times.protobufjs), median(times.fast)];
console.log(`ForecastRequest of ${T} tickers x ${P} points (${(buf.length / 1e6).toFixed(1)} MB), medians of ${R}:`);
console.log(`  protobufjs + fromProtoSeries: ${slow.toFixed(1)} ms (${((1000 * slow) / T).toFixed(1)} us/ticker)`);
console.log(`  fast series path + fromProtoSeries: ${quick.toFixed(1)} ms (${((1000 * quick) / T).toFixed(1)} us/ticker)`);
console.log(`  ratio: ${(slow / quick).toFixed(1)}x`);
