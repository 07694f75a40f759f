import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { ForecastOutcome } from '../pipeline/engine.js';
import type { SeriesInput } from '../pipeline/job.js';
import { parseCsv } from '../preprocess/csv.js';
import { Runtime } from '../service/runtime.js';
import { validateJob, type ProtoForecastRequest } from '../server/validate.js';
import { UsageError } from './args.js';

export interface InProcessResult {
  outcome: ForecastOutcome;
  /** Wall time of the pipeline run (start-up excluded). */
  totalMs: number;
}

/**
 * The server's pipeline without the network, for the CLI: reads the CSV (the file name is the
 * ticker when there is no ticker column), validates `request` exactly as the gRPC edge does, runs it.
 */
export async function runInProcess(
  input: string | undefined,
  configFiles: string[] | undefined,
  request: ProtoForecastRequest,
  overrides?: Record<string, unknown>,
): Promise<InProcessResult> {
  return withRuntime(input, configFiles, async (runtime, series) => {
    const job = validateJob(request, runtime.cfg, runtime.models, series);
    const started = performance.now();
    const outcome = await runtime.engine.run(job);
    return { outcome, totalMs: performance.now() - started };
  }, overrides);
}

/** Reads the CSV and runs `fn` on a runtime built from the config files, closing it afterwards. */
export async function withRuntime<T>(
  input: string | undefined,
  configFiles: string[] | undefined,
  fn: (runtime: Runtime, series: SeriesInput) => Promise<T>,
  overrides?: Record<string, unknown>,
): Promise<T> {
  if (!input) throw new UsageError('--input FILE.csv is required');
  const cfg = loadConfig({ files: configFiles, overrides });
  const series = parseCsv(readFileSync(input, 'utf8'), { defaultTicker: basename(input).replace(/\.csv$/i, '') });
  const runtime = new Runtime(cfg);
  try {
    return await fn(runtime, { kind: 'messages', series });
  } finally {
    await runtime.close();
  }
}

/** 0 when every ticker succeeded, 3 when any ticker has an error (the output says which). */
export function exitCode(outcome: ForecastOutcome): number {
  return outcome.forecasts.some((f) => f.status !== 'OK') ? 3 : 0;
}
