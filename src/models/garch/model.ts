import { GARCH_MAX_PARAMS, GARCH_STATE_SLOTS, GARCH_VOLS, type GarchSpecInput, type GarchVol } from '../../native/garch.js';
import type { NativeBinding } from '../../native/binding.js';
import { normalQuantile } from '../../stats/normal.js';
import type { TickerError } from '../../core/series.js';
import { emptyBatchResult, type FitDetails, type ForecastModel, type ModelBatchResult, type ModelRun } from '../model.js';
import { packSubset } from '../subbatch.js';
import { garchOptionsSchema, type GarchDefaults, type GarchOptions } from './options.js';
import { GarchFitView } from './results.js';

/** Native FitReason codes after which no other model is tried: the data itself is unusable. */
const REASON_TOO_SHORT = 5;
const REASON_NON_FINITE_DATA = 7;
const REASON_DEGENERATE = 9;
const UNUSABLE_DATA = new Set([REASON_TOO_SHORT, REASON_NON_FINITE_DATA, REASON_DEGENERATE]);
/** Fewest returns a GARCH-family fit accepts (the kernel's own floor). */
export const GARCH_MIN_POINTS = 20;

const DESCRIPTIONS: Record<GarchVol, string> = {
  garch: 'GARCH(p,q) volatility with zero/constant/ARMA mean, normal/t/sstd/ged innovations; MLE with analytic gradients',
  gjr: 'GJR-GARCH(p,o,q): GARCH plus gamma*I(eps<0)*eps^2 asymmetry',
  aparch: 'APARCH(p,q), fGarch form: sigma^delta = omega + sum alpha(|eps| - gamma*eps)^delta + sum beta*sigma^delta; delta estimated or fixed',
  egarch: 'EGARCH(1,1) (arch form); multi-step variance by simulation',
};

function label(spec: GarchSpecInput): string {
  if (spec.vol === 'gjr') return `gjr(${spec.p},${spec.o},${spec.q})`;
  return `${spec.vol}(${spec.p},${spec.q})`;
}

function toSpec(vol: GarchVol, o: GarchOptions): GarchSpecInput {
  return {
    vol,
    p: o.p,
    o: vol === 'gjr' ? o.o : 0,
    q: o.q,
    mean: o.mean,
    ar: o.ar,
    ma: o.ma,
    dist: o.dist,
    init: o.init,
    deltaFixed: o.delta,
    // As fGarch: no stationarity constraint in the search. Integrated or explosive fits are caught
    // by max_persistence (fallback) with a message, rather than ground against a boundary.
    enforceStationarity: false,
  };
}

interface Ctx {
  run: ModelRun<GarchOptions>;
  native: NativeBinding;
  quantileProbs: Float64Array;
  result: ModelBatchResult;
  computeMs: number;
  wallMs: number;
  /** Per ticker, each fitted chain link's parameters (for the cache's warm starts). */
  chainParams?: Float64Array[][];
}

/** Why a fit is not used: undefined when it is. */
function rejection(view: GarchFitView, i: number, o: GarchOptions): string | undefined {
  if (!view.finite(i)) return `no fit (${view.reason(i)})`;
  if (o.noFallback) return undefined;
  if (!view.converged(i)) return `did not converge (${view.reason(i)})`;
  const pers = view.persistence(i);
  if (!(pers < o.maxPersistence)) return `persistence ${pers.toFixed(4)} >= max_persistence ${o.maxPersistence}`;
  return undefined;
}

async function fitGarch(ctx: Ctx, spec: GarchSpecInput, indices: number[], select: 'none' | 'aic' | 'bic', warm?: Float64Array) {
  const { run, native } = ctx;
  const { batch, options, horizonBars } = run;
  const all = indices.length === batch.tickers.length;
  const { values, offsets } = all
    ? { values: batch.returns, offsets: batch.returnOffsets }
    : packSubset(batch.returns, batch.returnOffsets, indices);
  const started = performance.now();
  const out = await native.garchBatch({
    spec,
    values,
    offsets,
    horizon: horizonBars,
    varTailProbs: Float64Array.from(options.varLevels, (l) => 1 - l),
    quantileProbs: ctx.quantileProbs,
    seed: options.seed,
    paths: options.paths,
    select,
    ...(warm ? { startParams: all ? warm : rowsOf(warm, indices, GARCH_MAX_PARAMS) } : {}),
  });
  ctx.wallMs += performance.now() - started;
  ctx.computeMs += out.computeMs;
  const names = new Map<string, string[]>();
  const namesFor = (p: number, q: number) => {
    const key = `${p},${q}`;
    if (!names.has(key)) names.set(key, native.garchParamNames({ ...spec, p, q, o: spec.vol === 'gjr' ? Math.min(spec.o, p) : 0 }));
    return names.get(key)!;
  };
  return { out, view: new GarchFitView(out, namesFor, options.varLevels) };
}

/** Rows `indices` of a series-major array of `width` columns. */
function rowsOf(src: Float64Array, indices: number[], width: number): Float64Array {
  const out = new Float64Array(indices.length * width);
  indices.forEach((i, k) => out.set(src.subarray(i * width, (i + 1) * width), k * width));
  return out;
}

function place(ctx: Ctx, i: number, k: number, src: { mean: Float64Array; variance: Float64Array; quantiles?: Float64Array }) {
  const h = ctx.run.horizonBars;
  const r = ctx.result;
  r.mean.set(src.mean.subarray(k * h, (k + 1) * h), i * h);
  r.variance.set(src.variance.subarray(k * h, (k + 1) * h), i * h);
  const nq = ctx.quantileProbs.length;
  if (src.quantiles) r.intervalQuantiles!.set(src.quantiles.subarray(k * nq, (k + 1) * nq), i * nq);
  else for (let j = 0; j < nq; j++) r.intervalQuantiles![i * nq + j] = normalQuantile(ctx.quantileProbs[j]);
}

/** RiskMetrics EWMA, the last link of the fallback chain: Gaussian VaR/ES from sigma_{T+1}. */
async function fitEwma(ctx: Ctx, indices: number[], lambda: number, reasons: Map<number, string>) {
  const { batch, horizonBars, options } = ctx.run;
  const { values, offsets } = packSubset(batch.returns, batch.returnOffsets, indices);
  const started = performance.now();
  const out = await ctx.native.baselineBatch({ kind: 'ewma', values, offsets, horizon: horizonBars, lambda });
  ctx.wallMs += performance.now() - started;
  ctx.computeMs += out.computeMs;
  indices.forEach((i, k) => {
    const sigma2 = out.params[k * 4 + 1];
    if (out.status[k] !== 0 || !Number.isFinite(sigma2)) {
      ctx.result.errors[i] = { code: 'FAILED_PRECONDITION', message: `${reasons.get(i)}; ewma: no forecast either` };
      return;
    }
    place(ctx, i, k, { mean: out.mean, variance: out.variance });
    const sd = Math.sqrt(sigma2);
    ctx.result.params[i] = { lambda, sigma2 };
    ctx.result.fitted![i] = {
      spec: null,
      ewmaLambda: lambda,
      params: new Float64Array(GARCH_MAX_PARAMS).fill(Number.NaN),
      state: new Float64Array(GARCH_STATE_SLOTS).fill(Number.NaN),
      chainParams: ctx.chainParams?.[i] ?? [],
    };
    const details: FitDetails = {
      modelUsed: 'ewma',
      fallbackReason: `${reasons.get(i)}; used ewma (lambda ${lambda})`,
      risk: options.varLevels.map((level) => {
        const z = normalQuantile(level);
        const pdf = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        return { level, valueAtRisk: sd * z, expectedShortfall: (sd * pdf) / (1 - level) };
      }),
    };
    ctx.result.details![i] = details;
  });
}

function garchModel(vol: GarchVol, native: () => NativeBinding, defaults: GarchDefaults, ewmaLambda: number): ForecastModel<GarchOptions> {
  const optionsSchema = garchOptionsSchema(vol, defaults);
  return {
    name: vol,
    family: 'volatility',
    target: 'returns',
    description: DESCRIPTIONS[vol],
    parameters: [
      { name: 'p', type: 'int', defaultValue: '1', description: 'ARCH order, 1..2' },
      { name: 'q', type: 'int', defaultValue: '1', description: 'GARCH order, 1..2' },
      ...(vol === 'gjr' ? [{ name: 'o', type: 'int' as const, defaultValue: '1', description: 'asymmetry order, <= p' }] : []),
      { name: 'mean', type: 'string', defaultValue: 'constant', description: 'zero | constant | arma' },
      { name: 'ar', type: 'int', defaultValue: '0', description: 'AR order of the arma mean, 0..2' },
      { name: 'ma', type: 'int', defaultValue: '0', description: 'MA order of the arma mean, 0..2' },
      { name: 'dist', type: 'string', defaultValue: 'normal', description: 'normal | t | sstd | ged (unit variance)' },
      ...(vol === 'aparch' ? [{ name: 'delta', type: 'double' as const, defaultValue: '', description: 'fixes delta; absent = estimated' }] : []),
      { name: 'init', type: 'string', defaultValue: 'fgarch', description: 'fgarch | sample | backcast: pre-sample variance rule' },
      { name: 'select', type: 'string', defaultValue: '', description: 'aic | bic: choose p, q in {1, 2}' },
      { name: 'no_fallback', type: 'string', defaultValue: 'false', description: 'true: no GJR/EWMA fallback' },
      { name: 'max_persistence', type: 'double', defaultValue: String(defaults.maxPersistence), description: 'fallback trigger' },
      { name: 'var_levels', type: 'double', defaultValue: defaults.varLevels.join(','), description: 'one-step VaR/ES levels' },
      { name: 'seed', type: 'int', defaultValue: String(defaults.seed), description: 'simulation seed' },
      { name: 'paths', type: 'int', defaultValue: String(defaults.simulationPaths), description: 'simulation paths' },
    ],
    optionsSchema: optionsSchema as never,
    cudaKernels: true,
    minPoints: () => GARCH_MIN_POINTS,
    async run(run: ModelRun<GarchOptions>): Promise<ModelBatchResult> {
      const { batch, options, horizonBars, levels } = run;
      const n = batch.tickers.length;
      const quantileProbs = Float64Array.from(levels.flatMap((l) => [(1 - l) / 2, (1 + l) / 2]));
      const result: ModelBatchResult = {
        ...emptyBatchResult(batch, horizonBars),
        intervalQuantiles: new Float64Array(n * quantileProbs.length),
        fitted: new Array(n).fill(undefined),
      };
      for (let i = 0; i < n; i++) result.points[i] = batch.returnOffsets[i + 1] - batch.returnOffsets[i];
      const ctx: Ctx = { run, native: run.kernels ?? native(), quantileProbs, result, computeMs: 0, wallMs: 0 };

      // The requested model, then (unless no_fallback) GJR(1,1,1), then EWMA, each over the tickers still unserved.
      const spec = toSpec(vol, options);
      const chain: { spec: GarchSpecInput; select: 'none' | 'aic' | 'bic' }[] = [{ spec, select: options.select ?? 'none' }];
      if (!options.noFallback && vol !== 'gjr') chain.push({ spec: { ...spec, vol: 'gjr', p: 1, o: 1, q: 1, deltaFixed: undefined }, select: 'none' });
      let pending = batch.errors.flatMap((e, i) => (e ? [] : [i]));
      const chainParams: Float64Array[][] = Array.from({ length: n }, () => []);
      const reasons = new Map<number, string>();
      for (const [step, link] of chain.entries()) {
        if (pending.length === 0) break;
        const { out, view } = await fitGarch(ctx, link.spec, pending, link.select, step === 0 ? run.warmStart : run.warmStartFallback);
        pending.forEach((i, k) => (chainParams[i][step] = out.params.slice(k * GARCH_MAX_PARAMS, (k + 1) * GARCH_MAX_PARAMS)));
        const next: number[] = [];
        pending.forEach((i, k) => {
          const code = view.reasonCode(k);
          if (UNUSABLE_DATA.has(code)) {
            result.errors[i] = {
              code: 'FAILED_PRECONDITION',
              message: code === REASON_TOO_SHORT ? `${vol} needs at least ${GARCH_MIN_POINTS} returns, got ${result.points[i]}` : `${vol}: ${view.reason(k)}`,
            };
            return;
          }
          const why = rejection(view, k, options);
          const name = label({ ...link.spec, p: out.chosenP[k], q: out.chosenQ[k] });
          if (why !== undefined) {
            reasons.set(i, reasons.has(i) ? `${reasons.get(i)}; ${name}: ${why}` : `${name}: ${why}`);
            next.push(i);
            return;
          }
          place(ctx, i, k, { mean: out.forecastMean, variance: out.forecastVariance, quantiles: out.quantiles });
          result.params[i] = view.params(k);
          result.fitted![i] = {
            spec: { ...link.spec, p: out.chosenP[k], q: out.chosenQ[k], o: link.spec.vol === 'gjr' ? Math.min(link.spec.o, out.chosenP[k]) : 0 },
            params: out.params.slice(k * GARCH_MAX_PARAMS, (k + 1) * GARCH_MAX_PARAMS),
            state: out.state.slice(k * GARCH_STATE_SLOTS, (k + 1) * GARCH_STATE_SLOTS),
            chainParams: chainParams[i],
          };
          result.details![i] = view.details(k, step > 0 ? link.spec.vol : undefined, step > 0 ? `${reasons.get(i)}; used ${name}` : undefined);
        });
        pending = next;
      }
      if (pending.length > 0) {
        ctx.chainParams = chainParams;
        if (options.noFallback) {
          for (const i of pending) result.errors[i] = { code: 'FAILED_PRECONDITION', message: reasons.get(i) ?? `${vol}: no fit` } satisfies TickerError;
        } else {
          await fitEwma(ctx, pending, ewmaLambda, reasons);
        }
      }
      result.computeMs = ctx.computeMs;
      result.queueMs = Math.max(0, ctx.wallMs - ctx.computeMs);
      return result;
    },
  };
}

export function garchFamilyModels(native: () => NativeBinding, defaults: GarchDefaults, ewmaLambda: number): ForecastModel<GarchOptions>[] {
  return GARCH_VOLS.map((vol) => garchModel(vol, native, defaults, ewmaLambda));
}
