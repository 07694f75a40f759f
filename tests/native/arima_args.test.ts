/**
 * arimaBatch's argument contract: bad arguments reject (never throw) with a TypeError naming the
 * field; degenerate series give per-series status codes and NaN rows, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { ARIMA_COEF_SLOTS } from '../../src/native/arima.js';
import { NativeStatus } from '../../src/native/status.js';
import { AUTO_BOUNDS, arimaInput, arimaSpec } from './arima_data.js';
import { rng } from './pack.js';

const native = loadNative();
const noise = (n: number, seed: number) => {
  const u = rng(seed);
  return Array.from({ length: n }, () => u() - 0.5);
};

describe('arimaBatch arguments', () => {
  it.each([
    ['not an object', 42, /arimaBatch expects an object/],
    ['p out of range', arimaInput([noise(50, 1)], { spec: arimaSpec({ p: 4 }) }), /spec\.p must be an integer in \[0, 3\], got 4/],
    ['d = 2', arimaInput([noise(50, 1)], { spec: arimaSpec({ d: 2 }) }), /spec\.d must be an integer in \[0, 1\]/],
    ['seasonal without period', arimaInput([noise(50, 1)], { spec: arimaSpec({ seasonalP: 1 }) }), /spec\.period must be in \[2, 12\]/],
    ['constant not boolean', arimaInput([noise(50, 1)], { spec: { ...arimaSpec(), constant: 1 as never } }), /spec\.constant must be a boolean/],
    ['bad ic', arimaInput([noise(50, 1)], { auto: { ...AUTO_BOUNDS, ic: 'hqic' as never } }), /auto\.ic must be one of aicc, aic, bic/],
    ['values not Float64Array', { ...arimaInput([noise(50, 1)]), values: [1, 2, 3] as never }, /values must be a Float64Array/],
    ['offsets past the end', { ...arimaInput([noise(50, 1)]), offsets: Int32Array.of(0, 51) }, /past the end of values/],
    ['horizon 0', arimaInput([noise(50, 1)], { horizon: 0 }), /horizon must be an integer in \[1, 1000\]/],
    ['horizon 1001', arimaInput([noise(50, 1)], { horizon: 1001 }), /horizon must be an integer in \[1, 1000\]/],
  ])('%s: rejects with a TypeError', async (_name, arg, message) => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = native.arimaBatch(arg as never);
    }).not.toThrow();
    await expect(promise).rejects.toThrow(message);
    await expect(promise).rejects.toBeInstanceOf(TypeError);
  });
});

describe('arimaBatch degenerate series', () => {
  it('constant, too short, trend, non-finite, empty: status codes and NaN rows', async () => {
    const trend = Array.from({ length: 100 }, (_, i) => 3 + 0.25 * i);
    const series = [Array(100).fill(7), [1, 2, 3], trend, [...noise(50, 2), Number.NaN, ...noise(50, 3)], [], noise(200, 4)];
    const fixed = await native.arimaBatch(arimaInput(series, { spec: arimaSpec({ p: 1, d: 1, q: 1 }), horizon: 3 }));
    expect(Array.from(fixed.status)).toEqual([
      NativeStatus.CONSTANT_SERIES,
      NativeStatus.TOO_SHORT,
      NativeStatus.CONSTANT_SERIES, // a perfect trend is constant after one difference
      NativeStatus.NON_FINITE,
      NativeStatus.TOO_SHORT,
      NativeStatus.OK,
    ]);
    for (let i = 0; i < 5; i++) {
      expect(Number.isNaN(fixed.loglik[i])).toBe(true);
      expect(Array.from(fixed.forecastMean.subarray(i * 3, i * 3 + 3)).every(Number.isNaN)).toBe(true);
      expect(Array.from(fixed.coef.subarray(i * ARIMA_COEF_SLOTS, (i + 1) * ARIMA_COEF_SLOTS)).every(Number.isNaN)).toBe(true);
    }
    expect(Number.isFinite(fixed.loglik[5])).toBe(true);
    const auto = await native.arimaBatch(arimaInput(series, { auto: AUTO_BOUNDS, spec: arimaSpec({ p: 0, q: 0 }), horizon: 3 }));
    expect(auto.status[0]).toBe(NativeStatus.CONSTANT_SERIES);
    expect(auto.status[2]).toBe(NativeStatus.CONSTANT_SERIES);
    expect(auto.status[3]).toBe(NativeStatus.NON_FINITE);
    expect(auto.status[4]).toBe(NativeStatus.TOO_SHORT);
    expect(auto.status[5]).toBe(NativeStatus.OK);
  });

  it('a seasonal fixed model: (0,1,1)(0,1,1)[12] fits and names its orders', async () => {
    const u = rng(9);
    const x = Array.from({ length: 144 }, (_, t) => 5 + 0.01 * t + 0.2 * Math.sin((2 * Math.PI * t) / 12) + 0.05 * (u() - 0.5));
    const out = await native.arimaBatch(arimaInput([x], { spec: arimaSpec({ p: 0, d: 1, q: 1, seasonalD: 1, seasonalQ: 1, period: 12 }), horizon: 24 }));
    expect(out.status[0]).toBe(NativeStatus.OK);
    expect(Array.from(out.order)).toEqual([0, 1, 1, 0, 1, 1, 12, 0]); // d + D = 2: no constant
    expect(out.nObs[0]).toBe(144 - 13);
    // variance grows with the horizon, and jumps at the seasonal lag
    expect(out.forecastVariance[23]).toBeGreaterThan(out.forecastVariance[11]);
  });
});
