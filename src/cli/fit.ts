import { parseArgs } from 'node:util';
import type { ArimaFitStats } from '../models/model.js';
import type { TickerForecastMsg } from '../pipeline/assemble.js';
import { exitCode, runInProcess } from './in_process.js';
import { CACHE_OPTIONS, cacheArgs, listArg, numberArg, UsageError } from './args.js';

/** Turns --arma P,Q / --mean into the ModelSpec mean fields. */
function meanFields(arma: string | undefined, mean: string | undefined) {
  if (arma !== undefined) {
    const [ar, ma] = arma.split(',').map((s) => Number(s));
    if (!Number.isInteger(ar) || !Number.isInteger(ma)) throw new UsageError(`--arma: expected P,Q, got ${arma}`);
    return { mean: 'arma', ar, ma };
  }
  return { mean };
}

/** "P,D,Q" -> [P, D, Q] (integers; the model's schema checks the ranges). */
function orderArg(name: string, v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const parts = v.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 3 || !parts.every(Number.isInteger)) throw new UsageError(`--${name}: expected three integers P,D,Q, got ${v}`);
  return parts;
}

/** The ARIMA part of a fit's JSON (issue 5): orders, information criteria, diagnostics. */
function arimaJson(f: TickerForecastMsg) {
  const a = f.fit as ArimaFitStats | null;
  if (!a || a.order === undefined) return {};
  return {
    target: f.target,
    order: a.order,
    seasonal_order: a.seasonalOrder.length > 0 ? a.seasonalOrder : undefined,
    period: a.seasonalOrder.length > 0 ? a.period : undefined,
    aicc: a.aicc,
    ljung_box_p: a.ljungBoxP,
    ljung_box_lag: a.ljungBoxLag,
    jarque_bera_p: a.jarqueBeraP,
    kpss_stat: a.kpssStat,
    adf_stat: a.adfStat,
    // the seasonal unit-root test, with a period: D = 1 was chosen when ocsb_stat > ocsb_crit
    ...(a.ocsbCrit !== 0 ? { ocsb_stat: a.ocsbStat, ocsb_crit: a.ocsbCrit, ocsb_lag: a.ocsbLag } : {}),
    models_fitted: a.modelsFitted,
  };
}

function fitJson(f: TickerForecastMsg) {
  return {
    ticker: f.ticker,
    n: f.fit?.n ?? f.dataRange?.points ?? 0,
    model: f.model,
    requested_model: f.requestedModel,
    status: f.status,
    ...(f.status !== 'OK' ? { error: f.error, error_code: f.errorCode } : {}),
    params: f.params,
    stderr: f.stderr,
    stderr_robust: f.stderrRobust,
    loglik: f.fit?.loglik,
    aic: f.fit?.aic,
    bic: f.fit?.bic,
    converged: f.fit?.converged,
    reason: f.fit?.reason,
    persistence: f.fit?.persistence,
    unconditional_variance: f.fit?.unconditionalVariance,
    fallback_reason: f.fallbackReason || undefined,
    ...(f.cache ? { cache: { path: f.cache.path, reason: f.cache.reason, bars_since_fit: f.cache.barsSinceFit, fitted_at_ms: f.cache.fittedAtMs } } : {}),
    ...arimaJson(f),
    forecast: {
      mean: f.mean,
      variance: f.variance,
      intervals: f.intervals,
      risk: f.risk.map((r) => ({ level: r.level, var: r.valueAtRisk, es: r.expectedShortfall })),
    },
  };
}

const fmt = (x: number | undefined, d = 6) => (x === undefined || !Number.isFinite(x) ? '' : x.toFixed(d));

function fitTable(results: TickerForecastMsg[]): string {
  const lines: string[] = [];
  for (const f of results) {
    if (f.status !== 'OK') {
      lines.push(`${f.ticker}: ${f.errorCode}: ${f.error}`);
      continue;
    }
    const a = f.fit as ArimaFitStats | null;
    const orders = a?.order ? `  order=(${a.order.join(',')})${a.seasonalOrder.length ? `(${a.seasonalOrder.join(',')})[${a.period}]` : ''}  aicc=${fmt(a.aicc, 4)}` : '';
    const head = `${f.ticker}  ${f.model}  n=${f.fit?.n}  loglik=${fmt(f.fit?.loglik, 4)}  aic=${fmt(f.fit?.aic, 5)}  bic=${fmt(f.fit?.bic, 5)}${orders}  converged=${f.fit?.converged}`;
    lines.push(head + (f.fallbackReason ? `\n  fallback: ${f.fallbackReason}` : '') + (f.cache ? `\n  cache: ${f.cache.path} (${f.cache.reason})` : ''));
    for (const [name, v] of Object.entries(f.params)) {
      lines.push(`  ${name.padEnd(8)} ${fmt(v).padStart(14)}  se ${fmt(f.stderr[name]).padStart(12)}  robust ${fmt(f.stderrRobust[name]).padStart(12)}`);
    }
    lines.push(`  sigma[1..h] ${f.variance.map((v) => Math.sqrt(v).toFixed(4)).join(' ')}`);
    for (const r of f.risk) lines.push(`  VaR ${(r.level * 100).toFixed(1)}% ${fmt(r.valueAtRisk, 4)}  ES ${fmt(r.expectedShortfall, 4)}`);
  }
  return lines.join('\n');
}

/** `tensorcast fit`: fits a model to every ticker of a CSV in-process and prints estimates. */
export async function fitCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      input: { type: 'string' },
      model: { type: 'string', default: 'garch' },
      p: { type: 'string' },
      q: { type: 'string' },
      o: { type: 'string' },
      arma: { type: 'string' },
      mean: { type: 'string' },
      dist: { type: 'string' },
      delta: { type: 'string' },
      init: { type: 'string' },
      select: { type: 'string' },
      fallback: { type: 'boolean', default: false },
      'max-persistence': { type: 'string' },
      horizon: { type: 'string' },
      levels: { type: 'string' },
      'var-levels': { type: 'string' },
      seed: { type: 'string' },
      paths: { type: 'string' },
      order: { type: 'string' },
      auto: { type: 'boolean', default: false },
      seasonal: { type: 'string' },
      period: { type: 'string' },
      ic: { type: 'string' },
      transform: { type: 'string' },
      'max-order': { type: 'string' },
      'no-constant': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      config: { type: 'string', multiple: true },
      ...CACHE_OPTIONS,
    },
  });
  const cache = cacheArgs(values);
  const spec = {
    name: values.model,
    p: numberArg('p', values.p),
    q: numberArg('q', values.q),
    o: numberArg('o', values.o),
    ...meanFields(values.arma, values.mean),
    dist: values.dist,
    delta: numberArg('delta', values.delta),
    init: values.init,
    select: values.select,
    // A fit prints the requested model's estimates unless --fallback asks for the service's chain.
    noFallback: !values.fallback,
    maxPersistence: numberArg('max-persistence', values['max-persistence']),
    varLevels: listArg(values['var-levels']).map((l) => numberArg('var-levels', l)!),
    seed: numberArg('seed', values.seed),
    paths: numberArg('paths', values.paths),
    // arima
    order: orderArg('order', values.order),
    auto: values.auto,
    seasonalOrder: orderArg('seasonal', values.seasonal),
    period: numberArg('period', values.period),
    ic: values.ic,
    transform: values.transform,
    maxOrder: orderArg('max-order', values['max-order']),
    noConstant: values['no-constant'],
    cache: cache.policy,
  };
  const { outcome, totalMs } = await runInProcess(values.input, values.config, {
    models: [spec],
    horizonBars: numberArg('horizon', values.horizon) ?? 10,
    levels: listArg(values.levels).map((l) => numberArg('levels', l)!),
  }, cache.overrides);
  if (values.json) {
    console.log(
      JSON.stringify({
        results: outcome.forecasts.map(fitJson),
        backend: outcome.backend,
        timing_ms: { fit: outcome.timing.computeMs, preprocess: outcome.timing.preprocessMs, total: totalMs },
      }),
    );
  } else {
    console.log(fitTable(outcome.forecasts));
    console.log(`\n${outcome.tickerCount} tickers, backend ${outcome.backend}, fit ${outcome.timing.computeMs.toFixed(1)} ms, total ${totalMs.toFixed(1)} ms`);
  }
  return exitCode(outcome);
}
