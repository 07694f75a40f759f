#!/usr/bin/env node
// Records the float64 reference forecasts (tests/neural/reference_mlp.mjs, an implementation
// independent of src/neural and of tfjs) for fixed input windows into
// tests/reference/neural_predictions.json. Re-run after `npm run train` changes the artifact:
//   node bench/neural/record_reference.mjs [models/nbeats/1.0.0]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readWeights, referenceForecast } from '../../tests/neural/reference_mlp.mjs';

const dir = resolve(process.argv[2] ?? 'models/nbeats/1.0.0');
const ref = readWeights(dir);
const L = ref.net.windowBars;

// Fixed windows: the last L daily log returns (%) of three sample tickers, a smooth synthetic
// window, and a flat one (scale at its floor).
const rows = readFileSync('examples/data/dow30_daily_close.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const closes = (ticker) => rows.filter((r) => r[0] === ticker).map((r) => Number(r[2]));
const tail = (p) => p.slice(-L - 1).slice(1).map((v, i) => 100 * Math.log(v / p.slice(-L - 1)[i]));
const windows = {
  AA: tail(closes('AA')),
  IBM: tail(closes('IBM')),
  MSFT: tail(closes('MSFT')),
  synthetic: Array.from({ length: L }, (_, i) => 1.5 * Math.sin(0.4 * i) + 0.3 * Math.cos(1.7 * i)),
  flat: new Array(L).fill(0),
};
const cases = Object.entries(windows).map(([name, returnsPct]) => ({ name, returnsPct, ...referenceForecast(ref, returnsPct) }));
const weightsSha256 = createHash('sha256').update(readFileSync(join(dir, 'weights.bin'))).digest('hex');
const out = { artifact: dir.slice(process.cwd().length + 1), weightsSha256, source: 'tests/neural/reference_mlp.mjs (float64, no tfjs)', cases };
writeFileSync('tests/reference/neural_predictions.json', JSON.stringify(out, null, 1) + '\n');
console.log(`recorded ${cases.length} cases for ${dir} (${weightsSha256.slice(0, 12)})`);
