import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/core/paths.js';
import { describe, it, expect } from 'vitest';
import { loadNative, nativeAddonPath, type BaselineBatchInput } from '../../src/native/binding.js';
import { NativeStatus, statusMessage, statusName } from '../../src/native/status.js';

const native = loadNative();
const ok: BaselineBatchInput = {
  kind: 'random_walk',
  values: Float64Array.of(1, 2, 3),
  offsets: Int32Array.of(0, 3),
  horizon: 2,
};

describe('loadNative', () => {
  it('loads the addon once from the package root', () => {
    expect(loadNative()).toBe(native);
    expect(nativeAddonPath()).toMatch(/native[/\\]build[/\\]Release[/\\]tensorcast\.node$/);
  });

  it('reports version, backends and threads', () => {
    // Independent source: package.json version, and whether native/build_cuda.mjs found nvcc
    // (it leaves native/cuda_build/link.json when it built the CUDA library the addon links).
    const cuda = existsSync(join(packageRoot(), 'native', 'cuda_build', 'link.json'));
    const info = native.info();
    expect(info).toEqual({ version: '0.1.0', backends: cuda ? ['cpu', 'cuda'] : ['cpu'], threads: expect.any(Number) });
    expect(info.threads).toBeGreaterThanOrEqual(1);
  });
});

describe('baselineBatch rejects bad arguments with a TypeError and never throws', () => {
  // Each case breaks one rule of the documented input contract; the regex names the field.
  const cases: [string, unknown, RegExp][] = [
    ['no argument', undefined, /expects an object/],
    ['an array', [ok], /expects an object/],
    ['unknown kind', { ...ok, kind: 'arima' }, /kind must be one of random_walk, drift, seasonal_naive, ewma/],
    ['kind not a string', { ...ok, kind: 1 }, /kind must be a string/],
    ['values a plain array', { ...ok, values: [1, 2, 3] }, /values must be a Float64Array, got an Array/],
    ['values a Float32Array', { ...ok, values: Float32Array.of(1, 2, 3) }, /values must be a Float64Array, got a Float32Array/],
    ['offsets a Uint32Array', { ...ok, offsets: Uint32Array.of(0, 3) }, /offsets must be an Int32Array/],
    ['offsets empty', { ...ok, offsets: new Int32Array(0) }, /offsets must have N \+ 1 entries/],
    ['offsets negative', { ...ok, offsets: Int32Array.of(-1, 3) }, /offsets\[0\] must be >= 0/],
    ['offsets decreasing', { ...ok, offsets: Int32Array.of(0, 2, 1) }, /non-decreasing.*offsets\[1\] = 2 > offsets\[2\] = 1/],
    ['offsets past the end', { ...ok, offsets: Int32Array.of(0, 4) }, /past the end of values \(length 3\)/],
    ['horizon 0', { ...ok, horizon: 0 }, /horizon must be an integer >= 1, got 0/],
    ['horizon fractional', { ...ok, horizon: 1.5 }, /horizon must be an integer >= 1, got 1.5/],
    ['horizon NaN', { ...ok, horizon: NaN }, /horizon must be an integer >= 1/],
    ['horizon a string', { ...ok, horizon: '2' }, /horizon must be an integer >= 1, got a string/],
    ['horizon too large', { ...ok, horizon: 2 ** 31 }, /horizon must be an integer >= 1/],
    ['seasonal_naive without period', { ...ok, kind: 'seasonal_naive' }, /period must be an integer for seasonal_naive, got undefined/],
    ['seasonal_naive fractional period', { ...ok, kind: 'seasonal_naive', period: 2.5 }, /period must be an integer/],
    ['ewma without lambda', { ...ok, kind: 'ewma' }, /lambda must be a number for ewma, got undefined/],
  ];

  it.each(cases)('%s', async (_name, arg, message) => {
    // Calling must not throw synchronously; the error comes through the promise.
    const pending = (native.baselineBatch as (a: unknown) => Promise<unknown>)(arg);
    await expect(pending).rejects.toThrow(TypeError);
    await expect(pending).rejects.toThrow(message);
  });

  it('passes a throwing getter through as the rejection', async () => {
    const arg = { ...ok, get horizon(): number { throw new Error('boom'); } };
    await expect(native.baselineBatch(arg)).rejects.toThrow('boom');
  });

  it('rejects outputs too large to allocate with a RangeError', async () => {
    const offsets = new Int32Array(3); // two empty series
    const pending = native.baselineBatch({ ...ok, offsets, horizon: 2 ** 31 - 1 });
    await expect(pending).rejects.toThrow(RangeError);
  });
});

describe('configure', () => {
  it.each([[-1], [1.5], [NaN], ['2'], [100_000]])('throws a TypeError for threads = %s', (threads) => {
    expect(() => native.configure({ threads } as { threads: number })).toThrow(/threads must be an integer in \[0, 1024\]/);
  });

  it('throws a TypeError without an options object', () => {
    expect(() => (native.configure as (o: unknown) => void)(4)).toThrow(TypeError);
  });
});

describe('status codes', () => {
  it('names every code the kernels write (native/src/kernels/status.hpp)', () => {
    // shared codes (kernels/status.hpp), then ARIMA's (arima/spec.hpp)
    expect(NativeStatus).toEqual({ OK: 0, TOO_SHORT: 1, NON_FINITE: 2, BAD_PARAMETER: 3, CONSTANT_SERIES: 16, FIT_FAILED: 17, SMALL_WORKSPACE: 18 });
    expect(statusName(16)).toBe('CONSTANT_SERIES');
    expect(statusName(1)).toBe('TOO_SHORT');
    expect(statusName(9)).toBe('UNKNOWN');
    expect(statusMessage(3)).toMatch(/parameter/);
    expect(statusMessage(9)).toBe('unknown native status 9');
  });
});
