import { parseArgs } from 'node:util';
import { ConfigError } from '../config/load.js';
import { UsageError } from './args.js';
import { auditCommand } from './audit.js';
import { backtestCommand } from './backtest.js';
import { demoCommand } from './demo.js';
import { devicesCommand } from './devices.js';
import { fitCommand } from './fit.js';
import { forecastCommand } from './forecast.js';
import { pingCommand } from './ping.js';
import { serveCommand } from './serve.js';

const USAGE = `tensorcast — batched forecasting service

Usage:
  tensorcast serve    [--config FILE ...]
  tensorcast forecast --input FILE.csv [--model NAME[,NAME]] [--horizon H] [--levels 0.8,0.95]
                      [--period M] [--lambda L] [--members A,B --weighting inverse_mse|cls]
                      [--missing reject|drop|ffill] [--json] [--config FILE ...]
  tensorcast fit      --input FILE.csv [--model garch|gjr|aparch|egarch] [--p 1] [--q 1] [--o 1]
                      [--arma P,Q | --mean zero|constant] [--dist normal|t|sstd|ged] [--delta D]
                      [--init fgarch|sample|backcast] [--select aic|bic] [--fallback] [--horizon H]
                      [--levels 0.8,0.95] [--var-levels 0.95,0.99] [--json]
  tensorcast fit      --input FILE.csv --model arima (--order P,D,Q | --auto) [--seasonal P,D,Q --period S]
                      [--ic aicc|aic|bic] [--max-order 3,1,2] [--transform none|log|returns]
                      [--no-constant] [--horizon H] [--levels 0.8,0.95] [--json]
  tensorcast backtest --input FILE.csv --model NAME[,NAME] [--origins 5] [--horizon 10] [--step H]
                      [--first ROWS] [--window expanding|sliding --window-bars W] [--baseline NAME]
                      [--members A,B --weighting inverse_mse|cls] [--levels 0.8,0.95] [--no-fallback] [--arrow OUT.arrows] [--json]
  tensorcast demo     [--config FILE ...]
  tensorcast devices  [--json] [--config FILE ...]   CUDA detection and GPU routing (docs/gpu_routing.md)
  tensorcast ping     --address HOST:PORT [--tls] [--ca FILE] [--cert FILE --key FILE] [--server-name NAME]
                      [--api-key-file FILE] [--json]   calls a running server (docs/security.md)
  tensorcast audit verify FILE [--allow-unsealed] [--json]   checks an audit log's hash chain (docs/security.md)

Configuration: config/default.yaml, then --config files in order, then TENSORCAST_* variables
(TENSORCAST_SERVER__PORT=50052). See docs/configuration.md.`;

type Command = (args: string[]) => Promise<number>;
const COMMANDS: Record<string, Command> = { serve: serveCommand, forecast: forecastCommand, fit: fitCommand, backtest: backtestCommand, demo: demoCommand, devices: devicesCommand, audit: auditCommand, ping: pingCommand };

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`tensorcast: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await cmd(rest);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`tensorcast ${name}: ${(err as Error).message}`);
      return 2;
    }
    if ((err as { code?: unknown }).code !== undefined && (err as { details?: string }).details !== undefined) {
      console.error(`tensorcast ${name}: ${(err as { details: string }).details}`);
      return 1;
    }
    console.error(`tensorcast ${name}: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}

export { parseArgs };
