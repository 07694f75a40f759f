import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluationsToArrow } from '../evaluate/arrow.js';
import { runBacktest } from '../evaluate/backtest.js';
import { evaluateResponse } from '../evaluate/encode.js';
import { validateEvaluateRequest } from '../server/evaluate_request.js';
import { listArg, MODEL_LIST_OPTIONS, modelSpecs, numberArg, UsageError } from './args.js';
import { withRuntime } from './in_process.js';
import { backtestTable } from './table.js';

const WINDOWS = { expanding: 'WINDOW_EXPANDING', sliding: 'WINDOW_SLIDING' } as const;

/** `tensorcast backtest`: the Evaluate RPC in-process, from a CSV file, no network. */
export async function backtestCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...MODEL_LIST_OPTIONS,
      origins: { type: 'string' },
      step: { type: 'string' },
      first: { type: 'string' },
      window: { type: 'string' },
      'window-bars': { type: 'string' },
      baseline: { type: 'string' },
      'no-fallback': { type: 'boolean', default: false },
      arrow: { type: 'string' },
    },
  });
  const window = values.window ?? 'expanding';
  if (!(window in WINDOWS)) throw new UsageError(`--window: expected expanding or sliding, got ${window}`);
  return withRuntime(values.input, values.config, async (runtime, series) => {
    const { job, spec, baseline } = validateEvaluateRequest(
      {
        models: modelSpecs(values, { noFallback: values['no-fallback'] }),
        levels: listArg(values.levels).map((l) => numberArg('levels', l)!),
        backtest: {
          window: WINDOWS[window as keyof typeof WINDOWS],
          windowBars: numberArg('window-bars', values['window-bars']) ?? 0,
          firstOrigin: numberArg('first', values.first) ?? 0,
          stepBars: numberArg('step', values.step) ?? 0,
          horizonBars: numberArg('horizon', values.horizon) ?? 10,
          origins: numberArg('origins', values.origins) ?? 5,
          baselineModel: values.baseline ?? '',
        },
      },
      runtime.cfg,
      runtime.models,
      series,
    );
    const started = performance.now();
    const outcome = await runBacktest(runtime.engine, job, spec, { baseline, maxValues: runtime.cfg.limits.maxBacktestValues });
    const totalMs = performance.now() - started;
    if (values.arrow) writeFileSync(values.arrow, evaluationsToArrow(outcome.evaluations, job.levels));
    if (values.json) {
      console.log(JSON.stringify(evaluateResponse(job.requestId, outcome, totalMs)));
    } else {
      console.log(backtestTable(outcome.evaluations));
      console.log(`\n${outcome.windows} windows per model, ${job.models.length} models, ${totalMs.toFixed(1)} ms`);
    }
    return outcome.evaluations.some((e) => e.status !== 'OK') ? 3 : 0;
  });
}
