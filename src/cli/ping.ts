import { parseArgs } from 'node:util';
import { CONNECT_OPTIONS, connectClient } from './connect.js';

/** `tensorcast ping`: GetCapabilities on a running server, through its TLS and API key settings. */
export async function pingCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { ...CONNECT_OPTIONS, json: { type: 'boolean', default: false } } });
  const client = connectClient(values);
  try {
    const caps = await client.capabilities();
    if (values.json) console.log(JSON.stringify(caps));
    else console.log(`${values.address}: serving ${(caps.models ?? []).length} models`);
    return 0;
  } finally {
    client.close();
  }
}
