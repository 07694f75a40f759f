import { readFileSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { packageRoot } from '../core/paths.js';
import type { Logger } from '../obs/logger.js';
import { parseCsv } from '../preprocess/csv.js';
import { validateJob, type ProtoForecastRequest } from '../server/validate.js';
import type { Runtime } from '../service/runtime.js';

/**
 * The optional warm-up list (cache.warmup): at start-up, before the server reports ready, the
 * listed models are fitted on the tickers of a CSV file (the CLI's format), so the first trading
 * cycle after a deploy finds fitted states even without a snapshot. A file that cannot be read or a
 * list that does not validate is skipped with one warning: the server still starts.
 */
export async function warmUpCache(runtime: Runtime, cfg: Config, log: Logger): Promise<void> {
  const w = cfg.cache.warmup;
  if (!cfg.cache.enabled || !w.file || w.models.length === 0) return;
  const file = isAbsolute(w.file) ? w.file : resolve(packageRoot(), w.file);
  const started = performance.now();
  try {
    const series = parseCsv(readFileSync(file, 'utf8'), { defaultTicker: basename(file).replace(/\.csv$/i, '') });
    const job = validateJob({ models: w.models, horizonBars: 1 } as ProtoForecastRequest, cfg, runtime.models, { kind: 'messages', series });
    const out = await runtime.engine.run(job);
    const failed = out.forecasts.filter((f) => f.status !== 'OK').length;
    log.info({ file, tickers: out.tickerCount, models: w.models.length, failed, entries: runtime.cache?.cache.store.size ?? 0, ms: Math.round(performance.now() - started) }, 'cache warmed');
  } catch (err) {
    log.warn({ file, err: (err as Error).message }, 'cache warm-up skipped');
  }
}
