import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { parseCsv } from '../preprocess/csv.js';
import { Runtime } from '../service/runtime.js';
import { validateJob } from '../server/validate.js';
import { listArg, numberArg, UsageError } from './args.js';
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
      missing: { type: 'string' },
      json: { type: 'boolean', default: false },
      config: { type: 'string', multiple: true },
    },
  });
  if (!values.input) throw new UsageError('--input FILE.csv is required');
  const missing = values.missing;
  if (missing !== undefined && !(missing in MISSING)) throw new UsageError(`--missing: expected reject, drop or ffill, got ${missing}`);
  const cfg = loadConfig({ files: values.config });
  const series = parseCsv(readFileSync(values.input, 'utf8'), { defaultTicker: basename(values.input).replace(/\.csv$/i, '') });
  const runtime = new Runtime(cfg);
  try {
    const models = listArg(values.model);
    const job = validateJob(
      {
        models: (models.length ? models : ['random_walk']).map((name) => ({
          name,
          period: numberArg('period', values.period),
          lambda: numberArg('lambda', values.lambda),
        })),
        horizonBars: numberArg('horizon', values.horizon) ?? 10,
        levels: listArg(values.levels).map((l) => numberArg('levels', l)!),
        preprocess: missing ? { missingPolicy: MISSING[missing as keyof typeof MISSING] } : null,
      },
      cfg,
      runtime.models,
      { kind: 'messages', series },
    );
    const started = performance.now();
    const outcome = await runtime.engine.run(job);
    const totalMs = performance.now() - started;
    if (values.json) {
      console.log(JSON.stringify({ results: outcome.forecasts, backend: outcome.backend, timing_ms: { ...outcome.timing, total: totalMs } }));
    } else {
      console.log(forecastTable(outcome.forecasts));
      console.log(`\n${outcome.tickerCount} tickers, backend ${outcome.backend}, ${totalMs.toFixed(1)} ms`);
    }
    return outcome.forecasts.some((f) => f.status !== 'OK') ? 3 : 0;
  } finally {
    await runtime.close();
  }
}
