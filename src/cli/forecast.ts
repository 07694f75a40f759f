import { parseArgs } from 'node:util';
import { GARCH_VOLS } from '../native/garch.js';
import { CACHE_OPTIONS, cacheArgs, listArg, MODEL_LIST_OPTIONS, modelSpecs, numberArg, UsageError } from './args.js';
import { exitCode, runInProcess } from './in_process.js';
import { forecastTable } from './table.js';

const MISSING = { reject: 'MISSING_REJECT', drop: 'MISSING_DROP', ffill: 'MISSING_FFILL' } as const;

/** `tensorcast forecast`: the server's pipeline in-process, from a CSV file, no network. */
export async function forecastCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { ...MODEL_LIST_OPTIONS, ...CACHE_OPTIONS, missing: { type: 'string' } },
  });
  const cache = cacheArgs(values);
  const missing = values.missing;
  if (missing !== undefined && !(missing in MISSING)) throw new UsageError(`--missing: expected reject, drop or ffill, got ${missing}`);
  const { outcome, totalMs } = await runInProcess(values.input, values.config, {
    // --cache applies to the cached models (the GARCH family) of the list only.
    models: modelSpecs(values).map((m) => ((GARCH_VOLS as readonly string[]).includes(m.name) ? { ...m, cache: cache.policy } : m)),
    horizonBars: numberArg('horizon', values.horizon) ?? 10,
    levels: listArg(values.levels).map((l) => numberArg('levels', l)!),
    preprocess: missing ? { missingPolicy: MISSING[missing as keyof typeof MISSING] } : null,
  }, cache.overrides);
  if (values.json) {
    console.log(JSON.stringify({ results: outcome.forecasts, backend: outcome.backend, timing_ms: { ...outcome.timing, total: totalMs } }));
  } else {
    console.log(forecastTable(outcome.forecasts));
    console.log(`\n${outcome.tickerCount} tickers, backend ${outcome.backend}, ${totalMs.toFixed(1)} ms`);
  }
  return exitCode(outcome);
}
