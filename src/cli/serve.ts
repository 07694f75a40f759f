import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { createLogger } from '../obs/logger.js';
import { startServer } from '../server/server.js';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', multiple: true } }, strict: true });
  const cfg = loadConfig({ files: values.config });
  const log = createLogger(cfg.log.level);
  const server = await startServer(cfg, log);
  // Machine-readable line for supervisors and tests that start the server on port 0.
  console.log(JSON.stringify({ listening: { grpcPort: server.grpcPort, httpPort: server.httpPort } }));
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'signal received');
      server.shutdown().then(done, (err) => {
        log.error({ err }, 'shutdown failed');
        done();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
