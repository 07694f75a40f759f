import { parseArgs } from 'node:util';
import { listArg, numberArg, UsageError } from './args.js';
import { exitCode, runInProcess } from './in_process.js';
import { forecastTable } from './table.js';

const MISSING = { reject: 'MISSING_REJECT', drop: 'MISSING_DROP', ffill: 'MISSING_FFILL' } as const;

/** `tensorcast forecast`: the server's pipeline in-process, from a CSV file, no network. */
export async function forecastCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      input: { type: 'string' },
      model: { type: 'string', multiple: true },
      horizon: { type: 'string' },
      levels: { type: 'string' },
      period: { type: 'string' },
      lambda: { type: 'string' },
      members: { type: 'string' },
      weighting: { type: 'string' },
      missing: { type: 'string' },
      json: { type: 'boolean', default: false },
      config: { type: 'string', multiple: true },
    },
  });
  const missing = values.missing;
  if (missing !== undefined && !(missing in MISSING)) throw new UsageError(`--missing: expected reject, drop or ffill, got ${missing}`);
  const models = listArg(values.model);
  const { outcome, totalMs } = await runInProcess(values.input, values.config, {
    models: (models.length ? models : ['random_walk']).map((name) => ({
      name,
      period: numberArg('period', values.period),
      lambda: numberArg('lambda', values.lambda),
      members: listArg(values.members),
      weighting: values.weighting,
    })),
    horizonBars: numberArg('horizon', values.horizon) ?? 10,
    levels: listArg(values.levels).map((l) => numberArg('levels', l)!),
    preprocess: missing ? { missingPolicy: MISSING[missing as keyof typeof MISSING] } : null,
  });
  if (values.json) {
    console.log(JSON.stringify({ results: outcome.forecasts, backend: outcome.backend, timing_ms: { ...outcome.timing, total: totalMs } }));
  } else {
    console.log(forecastTable(outcome.forecasts));
    console.log(`\n${outcome.tickerCount} tickers, backend ${outcome.backend}, ${totalMs.toFixed(1)} ms`);
  }
  return exitCode(outcome);
}
