import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { dow30Returns } from './garch_data.js';
import { AUTO_BOUNDS, arimaInput, arimaSpec } from './arima_data.js';

// The automatic ARIMA search has two builds, baseline x86-64 and AVX2 (no FMA), chosen per batch
// (native/src/arima/auto_avx2.cpp). Both must give the same bits. Expected values here are the
// baseline build's own output, run in a child process with TENSORCAST_NATIVE_ISA=baseline: the
// test checks the two builds agree, not the numbers (tests/native/arima.test.ts checks those against R).
const script = `
const { createRequire } = require('node:module');
const native = createRequire(process.cwd() + '/')('./native/build/Release/tensorcast.node');
const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
native.arimaBatch({ ...input, values: Float64Array.from(input.values), offsets: Int32Array.from(input.offsets) })
  .then((o) => process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'computeMs').map(([k, v]) => [k, Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x))])))));
`;

describe('ARIMA auto search: AVX2 and baseline builds', () => {
  it('give bit-identical results on 8 Dow return series', async () => {
    const series = [...dow30Returns().values()].slice(0, 8).map((r) => r.slice(0, 1500));
    const input = arimaInput(series, { auto: AUTO_BOUNDS, spec: arimaSpec({ p: 0, q: 0 }), horizon: 5 });
    const out = (await loadNative().arimaBatch(input)) as unknown as Record<string, ArrayLike<number>>;
    const mine = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'computeMs').map(([k, v]) => [k, Array.from(v, (x) => (Number.isNaN(x) ? 'NaN' : x))]));
    const child = execFileSync(process.execPath, ['-e', script], {
      input: JSON.stringify({ ...input, values: Array.from(input.values), offsets: Array.from(input.offsets) }),
      env: { ...process.env, TENSORCAST_NATIVE_ISA: 'baseline' },
      encoding: 'utf8',
    });
    expect(JSON.parse(child)).toEqual(JSON.parse(JSON.stringify(mine)));
  });
});
