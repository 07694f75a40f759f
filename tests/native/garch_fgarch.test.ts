/**
 * Agreement with fGarch (garchFit, nlminb, init.rec = "mci") on the committed references written
 * by bench/reference/fgarch_reference.R. Our init 'fgarch' reproduces fGarch's likelihood, so at
 * the same optimum log-likelihoods agree to 1e-3 and each estimate lies within 0.1 of fGarch's
 * standard error. The search is unconstrained like fGarch's (enforceStationarity: false): its
 * t/sstd estimates on DEM/GBP have alpha + beta just above 1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { packageRoot } from '../../src/core/paths.js';
import { loadNative } from '../../src/native/binding.js';
import { GARCH_MAX_PARAMS, type GarchDist, type GarchSpecInput } from '../../src/native/garch.js';
import { dem2gbp, dow30Returns, garchInput, garchSpec, readJson } from './garch_data.js';

const native = loadNative();

interface FgarchFit {
  series: string;
  case: string;
  cond_dist: 'norm' | 'std' | 'sstd' | 'ged';
  ok: boolean;
  n: number;
  param_names: string[];
  coef: Record<string, number>;
  se: Record<string, number | null>;
  loglik: number;
}
interface FgarchReference {
  series: Record<string, { n: number; mean: number; sd: number; first: number; last: number }>;
  fits: FgarchFit[];
}

/** fGarch's cases (bench/reference/common.R CASES) as our specs; its "gjr11" is aparch with delta fixed at 2. */
const CASES: Record<string, Partial<GarchSpecInput>> = {
  garch11: {},
  aparch11: { vol: 'aparch' },
  gjr11: { vol: 'aparch', deltaFixed: 2 },
  ar1_garch11: { mean: 'arma', ar: 1 },
  ma1_garch11: { mean: 'arma', ma: 1 },
};
const DISTS: Record<FgarchFit['cond_dist'], GarchDist> = { norm: 'normal', std: 't', sstd: 'sstd', ged: 'ged' };

const LOGLIK_TOL = 1e-3;
const SE_FRACTION = 0.1;

/**
 * Where our fit would be allowed to stay more than LOGLIK_TOL below fGarch's log-likelihood on
 * fgarch_dow30.json. Empty: the kernel (native/src/garch) reaches fGarch's log-likelihood on every
 * case. Any entry added here must name a kernel shortfall and its cause.
 */
const KNOWN_SHORTFALLS = new Set<string>([]);

interface Verdict {
  key: string;
  dLoglik: number;
  /** max |ours - fGarch| / se over the parameters fGarch gives an SE for; undefined = not comparable. */
  worstSe?: number;
  worstName?: string;
}

/** Fits every series of one case x distribution in one batch and compares each with fGarch. */
async function compareGroup(fits: FgarchFit[], series: Map<string, number[]>): Promise<Verdict[]> {
  const { case: name, cond_dist } = fits[0];
  const spec = garchSpec({ ...CASES[name], dist: DISTS[cond_dist], init: 'fgarch', enforceStationarity: false });
  const names = native.garchParamNames(spec);
  expect(names).toEqual(fits[0].param_names);
  const out = await native.garchBatch(garchInput(fits.map((f) => series.get(f.series)!), { spec }));
  return fits.map((f, i) => {
    expect(out.nObs[i]).toBe(f.n);
    const verdict: Verdict = { key: `${name}/${cond_dist}/${f.series}`, dLoglik: out.loglik[i] - f.loglik };
    // Higher by more than the tolerance: fGarch stopped short of the optimum (nlminb's iteration
    // limit or false convergence), so its estimates are not a reference for ours.
    if (verdict.dLoglik > LOGLIK_TOL) return verdict;
    verdict.worstSe = 0;
    names.forEach((p, j) => {
      const se = f.se[p];
      if (se === null || !(se > 0)) return;
      const z = Math.abs(out.params[i * GARCH_MAX_PARAMS + j] - f.coef[p]) / se;
      if (!(z <= verdict.worstSe!)) {
        verdict.worstSe = z;
        verdict.worstName = p;
      }
    });
    return verdict;
  });
}

function groups(fits: FgarchFit[]): [string, FgarchFit[]][] {
  const byGroup = new Map<string, FgarchFit[]>();
  for (const f of fits.filter((x) => x.ok)) {
    const key = `${f.case}/${f.cond_dist}`;
    if (!byGroup.has(key)) byGroup.set(key, []);
    byGroup.get(key)!.push(f);
  }
  return [...byGroup];
}

describe('fGarch agreement on DEM/GBP (tests/reference/fgarch_dem2gbp.json)', () => {
  const ref = readJson<FgarchReference>('tests/reference/fgarch_dem2gbp.json');
  const series = new Map([['dem2gbp', dem2gbp()]]);

  it('reads the same series fGarch fitted', () => {
    const x = series.get('dem2gbp')!;
    expect([x.length, x[0], x.at(-1)]).toEqual([ref.series.dem2gbp.n, ref.series.dem2gbp.first, ref.series.dem2gbp.last]);
  });

  it.each(groups(ref.fits))('%s: loglik >= fGarch - 1e-3 and every estimate within 0.1 SE', async (_, fits) => {
    for (const v of await compareGroup(fits, series)) {
      expect(v.dLoglik, v.key).toBeGreaterThanOrEqual(-LOGLIK_TOL);
      expect(v.worstSe, `${v.key}: fGarch short of the optimum`).toBeDefined();
      expect(v.worstSe, `${v.key} ${v.worstName}`).toBeLessThanOrEqual(SE_FRACTION);
    }
  });
});

const dowPath = 'tests/reference/fgarch_dow30.json';
describe.runIf(existsSync(join(packageRoot(), dowPath)))('fGarch agreement on the Dow 30 (tests/reference/fgarch_dow30.json)', () => {
  const ref = existsSync(join(packageRoot(), dowPath)) ? readJson<FgarchReference>(dowPath) : { series: {}, fits: [] };
  const series = dow30Returns();

  it('forms the returns as the R script did (100 * diff(log(close)), date order)', () => {
    for (const [ticker, s] of Object.entries(ref.series)) {
      const x = series.get(ticker)!;
      const mean = x.reduce((a, b) => a + b, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1));
      expect(x.length, ticker).toBe(s.n);
      expect(Math.abs(mean - s.mean), ticker).toBeLessThan(1e-12);
      expect(Math.abs(sd - s.sd), ticker).toBeLessThan(1e-12);
      expect(Math.abs(x.at(-1)! - s.last), ticker).toBeLessThan(1e-12);
    }
  });

  it.each(groups(ref.fits))('%s: every ticker matches fGarch, apart from the listed kernel shortfalls', async (_, fits) => {
    for (const v of await compareGroup(fits, series)) {
      if (KNOWN_SHORTFALLS.has(v.key)) continue;
      expect(v.dLoglik, v.key).toBeGreaterThanOrEqual(-LOGLIK_TOL);
      if (v.worstSe !== undefined) expect(v.worstSe, `${v.key} ${v.worstName}`).toBeLessThanOrEqual(SE_FRACTION);
    }
  });
});
