import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { z } from 'zod';
import { ARIMA_COEF_SLOTS, ARIMA_ORDER_SLOTS } from '../native/arima.js';
import { GARCH_MAX_PARAMS, GARCH_STATE_SLOTS } from '../native/garch.js';
import type { CacheEntry } from './entry.js';

/**
 * Snapshot files of the fitted-state cache. Line 1 is a JSON header (format, version, parameter
 * layout, entry count, SHA-256 of the rest); then one JSON entry per line, least recently used
 * first. Written to a temporary file in the same folder, fsynced, then renamed over the old one,
 * so a reader sees the old snapshot or the new one, never half of one.
 */
export const SNAPSHOT_FORMAT = 'tensorcast.fitcache';
export const SNAPSHOT_VERSION = 1;
/** Entries hold native parameter and state rows; a build with other widths cannot use them. */
const LAYOUT = `garch:${GARCH_MAX_PARAMS}x${GARCH_STATE_SLOTS};arima:${ARIMA_ORDER_SLOTS}x${ARIMA_COEF_SLOTS}`;

const header = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.number().int(),
  layout: z.string(),
  entries: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  writtenAtMs: z.number(),
});

// JSON has no NaN: unused parameter slots travel as null.
const num = z.number().nullable().transform((v) => v ?? Number.NaN);
const entrySchema = z.object({
  key: z.string().min(1),
  ticker: z.string(),
  model: z.string(),
  digest: z.string().min(1),
  n: z.number().int().min(0),
  fitN: z.number().int().min(0),
  fittedAtMs: z.number(),
  lastBarMs: num,
  clock: z.enum(['daily', 'intraday', 'untimed']),
  spec: z.record(z.string(), z.unknown()).nullable(),
  ewmaLambda: z.number().gt(0).lt(1).optional(),
  // GARCH entries hold full rows; ARIMA entries none (their fit is in `arima`)
  params: z.array(num).refine((p) => p.length === 0 || p.length === GARCH_MAX_PARAMS, `params: 0 or ${GARCH_MAX_PARAMS} values`),
  chainParams: z.array(z.array(num).length(GARCH_MAX_PARAMS)).max(2),
  state: z.array(num).refine((p) => p.length === 0 || p.length === GARCH_STATE_SLOTS, `state: 0 or ${GARCH_STATE_SLOTS} values`),
  arima: z.object({ order: z.array(z.number().int()).length(ARIMA_ORDER_SLOTS), coef: z.array(num).length(ARIMA_COEF_SLOTS), sigma2: z.number() }).optional(),
  paramsByName: z.record(z.string(), z.number()),
  details: z.record(z.string(), z.unknown()),
});

export function encodeSnapshot(entries: CacheEntry[], nowMs: number): string {
  const body = entries.map((e) => JSON.stringify(e)).join('\n');
  const sha256 = createHash('sha256').update(body).digest('hex');
  const head = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, layout: LAYOUT, entries: entries.length, sha256, writtenAtMs: nowMs };
  return `${JSON.stringify(head)}\n${body}`;
}

/** The entries of a snapshot's text, or why it cannot be used. */
export function decodeSnapshot(text: string): { entries: CacheEntry[] } | { problem: string } {
  const cut = text.indexOf('\n');
  const headText = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 1);
  let parsedHead: z.infer<typeof header>;
  try {
    const h = header.safeParse(JSON.parse(headText));
    if (!h.success) return { problem: 'not a tensorcast cache snapshot (bad header)' };
    parsedHead = h.data;
  } catch {
    return { problem: 'not a tensorcast cache snapshot (header is not JSON)' };
  }
  if (parsedHead.version !== SNAPSHOT_VERSION || parsedHead.layout !== LAYOUT) {
    return { problem: `incompatible snapshot (version ${parsedHead.version}, layout ${parsedHead.layout}; this build reads version ${SNAPSHOT_VERSION}, layout ${LAYOUT})` };
  }
  if (createHash('sha256').update(body).digest('hex') !== parsedHead.sha256) return { problem: 'checksum mismatch (truncated or corrupted)' };
  const lines = body === '' ? [] : body.split('\n');
  if (lines.length !== parsedHead.entries) return { problem: `header says ${parsedHead.entries} entries, found ${lines.length}` };
  const entries: CacheEntry[] = [];
  for (const [k, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { problem: `entry ${k + 1} is not JSON` };
    }
    const e = entrySchema.safeParse(json);
    if (!e.success) return { problem: `entry ${k + 1}: ${e.error.issues[0]?.path.join('.')} ${e.error.issues[0]?.message}` };
    entries.push(e.data as unknown as CacheEntry);
  }
  return { entries };
}

/** Writes atomically: temp file in the same folder, fsync, rename. */
export async function writeSnapshot(path: string, entries: CacheEntry[], nowMs: number): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(encodeSnapshot(entries, nowMs));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, path);
}

/** The snapshot's entries; a missing file is an empty cache, anything unusable a problem. */
export function readSnapshot(path: string): { entries: CacheEntry[] } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
    return { problem: `cannot read: ${(err as Error).message}` };
  }
  return decodeSnapshot(text);
}
