import { describe, it, expect } from 'vitest';
import { loadNative } from '../../src/native/binding.js';
import { GARCH_MAX_PARAMS, type GarchBatchInput } from '../../src/native/garch.js';
import { garchInput, garchSpec } from './garch_data.js';

const native = loadNative();
const ok: GarchBatchInput = garchInput([[0.1, -0.2, 0.3]]);
const spec = ok.spec;

describe('garchBatch rejects bad arguments with a TypeError and never throws', () => {
  // Each case breaks one rule of the input contract in src/native/garch.ts; the regex names the field.
  const cases: [string, unknown, RegExp][] = [
    ['no argument', undefined, /garchBatch expects an object/],
    ['an array', [ok], /garchBatch expects an object/],
    ['no spec', { ...ok, spec: undefined }, /spec must be an object/],
    ['unknown vol', { ...ok, spec: { ...spec, vol: 'figarch' } }, /spec\.vol must be one of garch, gjr, aparch, egarch, got 'figarch'/],
    ['unknown mean', { ...ok, spec: { ...spec, mean: 'ar' } }, /spec\.mean must be one of zero, constant, arma/],
    ['unknown dist', { ...ok, spec: { ...spec, dist: 'std' } }, /spec\.dist must be one of normal, t, sstd, ged, got 'std'/],
    ['unknown init', { ...ok, spec: { ...spec, init: 'mci' } }, /spec\.init must be one of fgarch, sample, backcast/],
    ['p = 3', { ...ok, spec: { ...spec, p: 3 } }, /spec\.p must be 1 or 2, got 3/],
    ['p = 0', { ...ok, spec: { ...spec, p: 0 } }, /spec\.p must be 1 or 2, got 0/],
    ['q = 1.5', { ...ok, spec: { ...spec, q: 1.5 } }, /spec\.q must be 0, 1 or 2, got 1.5/],
    ['gjr with o > p', { ...ok, spec: { ...spec, vol: 'gjr', p: 1, o: 2 } }, /spec\.o must be an integer in \[0, spec\.p = 1\] for gjr, got 2/],
    ['egarch(2,1)', { ...ok, spec: { ...spec, vol: 'egarch', p: 2 } }, /egarch is EGARCH\(1,1\) only/],
    ['arma with ar = 3', { ...ok, spec: { ...spec, mean: 'arma', ar: 3 } }, /spec\.ar must be 0, 1 or 2, got 3/],
    ['ma without arma', { ...ok, spec: { ...spec, ma: 1 } }, /spec\.ma must be 0 unless spec\.mean is 'arma', got 1/],
    ['deltaFixed on garch', { ...ok, spec: { ...spec, deltaFixed: 2 } }, /spec\.deltaFixed applies to vol 'aparch' only/],
    ['deltaFixed 0', { ...ok, spec: { ...spec, vol: 'aparch', deltaFixed: 0 } }, /spec\.deltaFixed must be a number > 0/],
    ['enforceStationarity a string', { ...ok, spec: { ...spec, enforceStationarity: 'no' } }, /spec\.enforceStationarity must be a boolean/],
    ['values a plain array', { ...ok, values: [1, 2, 3] }, /values must be a Float64Array, got an Array/],
    ['offsets a Uint32Array', { ...ok, offsets: Uint32Array.of(0, 3) }, /offsets must be an Int32Array/],
    ['offsets empty', { ...ok, offsets: new Int32Array(0) }, /offsets must have N \+ 1 entries/],
    ['offsets decreasing', { ...ok, offsets: Int32Array.of(0, 2, 1) }, /non-decreasing.*offsets\[1\] = 2 > offsets\[2\] = 1/],
    ['offsets past the end', { ...ok, offsets: Int32Array.of(0, 4) }, /past the end of values \(length 3\)/],
    ['horizon 0', { ...ok, horizon: 0 }, /horizon must be an integer >= 1, got 0/],
    ['horizon a string', { ...ok, horizon: '10' }, /horizon must be an integer >= 1, got a string/],
    ['paths 0', { ...ok, paths: 0 }, /paths must be an integer >= 1, got 0/],
    ['seed negative', { ...ok, seed: -1 }, /seed must be an integer in \[0, 2\^53 - 1\]/],
    ['select unknown', { ...ok, select: 'hqic' }, /select must be one of none, aic, bic, got 'hqic'/],
    ['9 VaR levels', { ...ok, varTailProbs: new Float64Array(9).fill(0.01) }, /varTailProbs must have at most 8 entries, got 9/],
    ['VaR level 1', { ...ok, varTailProbs: Float64Array.of(0.01, 1) }, /varTailProbs\[1\] must be in \(0, 1\), got 1/],
    ['VaR levels a plain array', { ...ok, varTailProbs: [0.01] }, /varTailProbs must be a Float64Array/],
    ['quantile prob 0', { ...ok, quantileProbs: Float64Array.of(0) }, /quantileProbs\[0\] must be in \(0, 1\), got 0/],
    ['quantile prob NaN', { ...ok, quantileProbs: Float64Array.of(0.5, NaN) }, /quantileProbs\[1\] must be in \(0, 1\), got nan/i],
  ];

  it.each(cases)('%s', async (_, input, message) => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = native.garchBatch(input as GarchBatchInput);
    }).not.toThrow();
    await expect(promise).rejects.toThrow(TypeError);
    await expect(promise).rejects.toThrow(message);
  });

  it('rejects an output larger than the per-array guard with a RangeError', async () => {
    // 2^27 values per output array is the bound; 2^20 series x horizon 2^8 = 2^28 exceeds it.
    const input = { ...ok, offsets: new Int32Array(2 ** 20 + 1), horizon: 2 ** 8 };
    await expect(native.garchBatch(input)).rejects.toThrow(/split the batch/);
  });

  it('rejects with what a throwing getter threw', async () => {
    const input = { ...ok };
    Object.defineProperty(input, 'horizon', { get: () => { throw new Error('boom'); } });
    await expect(native.garchBatch(input)).rejects.toThrow('boom');
  });

  it('accepts an empty batch', async () => {
    const out = await native.garchBatch({ ...ok, values: new Float64Array(0), offsets: Int32Array.of(0) });
    expect(out.params).toHaveLength(0);
    expect(out.quantiles).toHaveLength(0);
    expect(out.computeMs).toBeGreaterThanOrEqual(0);
  });

  it('sizes every output from N, horizon, the VaR levels and the quantile probabilities', async () => {
    const out = await native.garchBatch({ ...garchInput([[1, 2], [3]]), horizon: 3, varTailProbs: Float64Array.of(0.01), quantileProbs: Float64Array.of(0.1, 0.5, 0.9) });
    expect(out.params).toHaveLength(2 * GARCH_MAX_PARAMS);
    expect(out.loglik).toHaveLength(2);
    expect(out.forecastVariance).toHaveLength(6);
    expect(out.valueAtRisk).toHaveLength(2);
    expect(out.quantiles).toHaveLength(6);
    expect([...out.reason]).toEqual([5, 5]); // both too short
  });
});

describe('garchParamNames', () => {
  it.each([
    // Expected: fGarch's coef names for the same formula (bench/reference/fgarch_*.json param_names).
    [garchSpec(), ['mu', 'omega', 'alpha1', 'beta1']],
    [garchSpec({ vol: 'aparch', dist: 'sstd' }), ['mu', 'omega', 'alpha1', 'gamma1', 'beta1', 'delta', 'skew', 'shape']],
    [garchSpec({ vol: 'aparch', deltaFixed: 2, dist: 't' }), ['mu', 'omega', 'alpha1', 'gamma1', 'beta1', 'shape']],
    [garchSpec({ mean: 'arma', ar: 1, dist: 'ged' }), ['mu', 'ar1', 'omega', 'alpha1', 'beta1', 'shape']],
    [garchSpec({ mean: 'zero', vol: 'gjr', p: 2, o: 1, q: 2 }), ['omega', 'alpha1', 'alpha2', 'gamma1', 'beta1', 'beta2']],
    [garchSpec({ vol: 'egarch' }), ['mu', 'omega', 'alpha1', 'gamma1', 'beta1']],
  ] as const)('%o', (s, names) => {
    expect(native.garchParamNames(s)).toEqual(names);
  });

  it('throws a TypeError naming the field on a bad spec', () => {
    expect(() => native.garchParamNames({ ...spec, p: 3 })).toThrow(TypeError);
    expect(() => native.garchParamNames({ ...spec, p: 3 })).toThrow(/garchParamNames: spec\.p must be 1 or 2, got 3/);
  });
});
