import { readFileSync } from 'node:fs';
import { ForecastClient, type ClientSecurity } from '../client/client.js';
import { UsageError } from './args.js';

/** Flags for commands that call a running server (docs/security.md). */
export const CONNECT_OPTIONS = {
  address: { type: 'string' },
  tls: { type: 'boolean', default: false },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'server-name': { type: 'string' },
  /** A file, not a flag value: argv is visible to every user of the machine (ps). */
  'api-key-file': { type: 'string' },
} as const;

export interface ConnectValues {
  address?: string;
  tls?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  'server-name'?: string;
  'api-key-file'?: string;
}

export function connectClient(v: ConnectValues): ForecastClient {
  if (!v.address) throw new UsageError('--address HOST:PORT is required');
  if ((v.cert === undefined) !== (v.key === undefined)) throw new UsageError('--cert and --key go together');
  let apiKey: string | undefined;
  if (v['api-key-file'] !== undefined) {
    try {
      apiKey = readFileSync(v['api-key-file'], 'utf8').trim();
    } catch (err) {
      throw new UsageError(`--api-key-file: cannot read ${v['api-key-file']}: ${(err as NodeJS.ErrnoException).code}`);
    }
  }
  const security: ClientSecurity = { tls: v.tls, caPath: v.ca, certPath: v.cert, keyPath: v.key, serverName: v['server-name'], apiKey };
  return new ForecastClient(v.address, undefined, security);
}
