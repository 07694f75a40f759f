import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stderr (stdout stays free for CLI output). Never log raw series. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'tensorcast' } }, pino.destination(2));
}
