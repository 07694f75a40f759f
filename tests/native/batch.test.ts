import { availableParallelism } from 'node:os';
import { afterAll, describe, it, expect } from 'vitest';
import { loadNative, PARAM_SLOTS, type BaselineBatchInput, type BaselineBatchOutput } from '../../src/native/binding.js';
import { NativeStatus } from '../../src/native/status.js';
import { pack, rng, row } from './pack.js';

const native = loadNative();

function walk(n: number, seed: number): number[] {
  const next = rng(seed);
  const x = [100];
  for (let t = 1; t < n; t++) x.push(x[t - 1] + next() - 0.5);
  return x;
}

/** Series i of a batch result, as plain arrays (NaN compares equal under toEqual). */
function seriesOf(out: BaselineBatchOutput, i: number, horizon: number) {
  return {
    status: out.status[i],
    mean: row(out.mean, i, horizon),
    variance: row(out.variance, i, horizon),
    params: row(out.params, i, PARAM_SLOTS),
  };
}

const KINDS: Omit<BaselineBatchInput, 'values' | 'offsets' | 'horizon'>[] = [
  { kind: 'random_walk' },
  { kind: 'drift' },
  { kind: 'seasonal_naive', period: 4 },
  { kind: 'ewma', lambda: 0.94 },
];

// Lengths around every kernel's minimum, an empty range, and longer series.
const MIXED = [walk(5, 1), walk(8, 2), walk(2, 3), [], walk(50, 4), walk(3, 5), walk(1, 6), walk(300, 7)];

afterAll(() => native.configure({ threads: 0 }));

describe('batch composition', () => {
  it.each(KINDS)('$kind: each series gets the result it gets alone, in any order', async (model) => {
    // Independent source: the same kernel run on each series in a batch of one.
    const horizon = 6;
    const alone = await Promise.all(
      MIXED.map(async (x) => seriesOf(await native.baselineBatch({ ...model, horizon, ...pack([x]) }), 0, horizon)),
    );
    const together = await native.baselineBatch({ ...model, horizon, ...pack(MIXED) });
    MIXED.forEach((_, i) => expect(seriesOf(together, i, horizon)).toEqual(alone[i]));

    const reversed = await native.baselineBatch({ ...model, horizon, ...pack([...MIXED].reverse()) });
    MIXED.forEach((_, i) => expect(seriesOf(reversed, MIXED.length - 1 - i, horizon)).toEqual(alone[i]));
  });

  it('marks only the too-short series TOO_SHORT', async () => {
    // Minimum lengths from the drift definition (n >= 3): 2, 0 and 1 points are too short.
    const out = await native.baselineBatch({ kind: 'drift', horizon: 1, ...pack(MIXED) });
    expect(Array.from(out.status)).toEqual([0, 0, 1, 1, 0, 0, 1, 0]);
  });

  it('honours offsets that start late and end early, and a values view with a byteOffset', async () => {
    // Independent source: the same series packed the plain way.
    const series = [walk(6, 8), walk(9, 9)];
    const plain = await native.baselineBatch({ kind: 'random_walk', horizon: 2, ...pack(series) });
    const backing = new Float64Array(3 + 6 + 9 + 5).fill(NaN);
    backing.set(series[0], 3);
    backing.set(series[1], 9);
    const view = backing.subarray(1); // byteOffset 8: series start at 2 and 8 within the view
    const out = await native.baselineBatch({
      kind: 'random_walk',
      horizon: 2,
      values: view,
      offsets: Int32Array.of(2, 8, 17),
    });
    expect(out).toMatchObject({ mean: plain.mean, variance: plain.variance, params: plain.params, status: plain.status });
  });

  it('returns empty outputs for zero series', async () => {
    const out = await native.baselineBatch({ kind: 'ewma', lambda: 0.9, horizon: 3, ...pack([]) });
    expect([out.mean.length, out.variance.length, out.params.length, out.status.length]).toEqual([0, 0, 0, 0]);
  });
});

describe('threads', () => {
  const many = Array.from({ length: 997 }, (_, i) => walk(20 + (i % 37), 100 + i));

  it('gives bit-identical results whatever the thread count', async () => {
    // Each series is computed by one thread in a fixed order, so results cannot depend on the split.
    const input = { kind: 'drift' as const, horizon: 4, ...pack(many) };
    native.configure({ threads: 1 });
    expect(native.info().threads).toBe(1);
    const single = await native.baselineBatch(input);
    native.configure({ threads: 3 });
    expect(native.info().threads).toBe(3);
    const three = await native.baselineBatch(input);
    expect(three).toMatchObject({ mean: single.mean, variance: single.variance, params: single.params, status: single.status });
  });

  it('threads: 0 means one per CPU core', () => {
    native.configure({ threads: 0 });
    expect(native.info().threads).toBe(availableParallelism());
  });

  it('runs concurrent batches and survives a resize while they are in flight', async () => {
    // Independent source: the same batches run one at a time.
    const inputs = KINDS.map((m) => ({ ...m, horizon: 3, ...pack(many) }));
    const sequential: BaselineBatchOutput[] = [];
    for (const input of inputs) sequential.push(await native.baselineBatch(input));
    const pending = [...inputs, ...inputs].map((input) => native.baselineBatch(input));
    native.configure({ threads: 2 });
    const concurrent = await Promise.all(pending);
    concurrent.forEach((out, i) => expect(out.variance).toEqual(sequential[i % inputs.length].variance));
  });
});

describe('a large batch', () => {
  it('completes 5,000 series x 2,500 points off the event loop', { timeout: 60_000 }, async () => {
    const nSeries = 5_000;
    const nPoints = 2_500;
    const next = rng(42);
    const values = new Float64Array(nSeries * nPoints);
    for (let i = 0; i < values.length; i++) values[i] = next() * 10;
    const offsets = Int32Array.from({ length: nSeries + 1 }, (_, i) => i * nPoints);

    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pending = native.baselineBatch({ kind: 'random_walk', horizon: 10, values, offsets });
    const out = await pending.finally(() => clearInterval(timer));
    // The interval could only fire while the promise was pending if the work ran off this thread.
    expect(ticks).toBeGreaterThan(0);

    expect(out.status.every((s) => s === NativeStatus.OK)).toBe(true);
    expect(out.computeMs).toBeGreaterThanOrEqual(0);
    // Independent source: the random-walk sigma2 definition, summed here in JS, for the last series.
    const last = values.subarray((nSeries - 1) * nPoints);
    let sumSq = 0;
    for (let t = 1; t < nPoints; t++) sumSq += (last[t] - last[t - 1]) ** 2;
    expect(out.params[(nSeries - 1) * PARAM_SLOTS]).toBeCloseTo(sumSq / (nPoints - 1), 10);
    expect(out.mean[nSeries * 10 - 1]).toBe(last[nPoints - 1]);
  });
});
