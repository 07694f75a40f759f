import { createHash, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Logger } from '../obs/logger.js';

/** One accepted key value: only its SHA-256 is kept. */
interface KeyEntry {
  id: string;
  digest: Buffer;
  /** Epoch ms after which this (rotated-out) value is refused; Infinity for the current value. */
  retiresAtMs: number;
}

export type KeyLookup = { ok: true; id: string } | { ok: false; reason: 'unknown' | 'rotated' };

const digestOf = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** Reads `id -> key` from a YAML/JSON file or from a directory with one file per key id. */
export function readSecrets(path: string): Map<string, string> {
  const out = new Map<string, string>();
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) {
      // Kubernetes secret mounts hold ..data and dot-files next to the keys.
      if (name.startsWith('.')) continue;
      const file = join(path, name);
      if (!statSync(file).isFile()) continue;
      const key = readFileSync(file, 'utf8').trim();
      if (key !== '') out.set(name, key);
    }
    return out;
  }
  const doc: unknown = parseYaml(readFileSync(path, 'utf8'));
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`API key file ${path}: expected a mapping of key id to key`);
  for (const [id, key] of Object.entries(doc)) {
    if (typeof key !== 'string' || key.trim() === '') throw new Error(`API key file ${path}: key id "${id}" has no string value`);
    out.set(id, key.trim());
  }
  return out;
}

/** A change signature of the secrets path (names, sizes, mtimes), for the stat fallback. */
function signature(path: string): string {
  try {
    const st = statSync(path);
    if (!st.isDirectory()) return `${st.size}:${st.mtimeMs}`;
    return readdirSync(path)
      .sort()
      .map((n) => {
        const s = statSync(join(path, n));
        return `${n}:${s.size}:${s.mtimeMs}`;
      })
      .join('|');
  } catch (err) {
    return `error:${(err as NodeJS.ErrnoException).code}`;
  }
}

/**
 * The accepted API keys, hashed. A change to the secrets path is picked up without restart (fs.watch,
 * plus a stat poll); a key id whose value changed keeps its old value for rotationOverlapMs, a removed
 * key id is revoked at once.
 */
export class KeyStore {
  private entries: KeyEntry[] = [];
  private lastSignature = '';
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly path: string,
    private readonly rotationOverlapMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.load(true);
  }

  /** Starts watching the secrets path; returns this. */
  watch(reloadIntervalMs: number): this {
    try {
      this.watcher = watch(this.path, () => this.reloadIfChanged());
      this.watcher.on('error', () => undefined);
    } catch {
      /* the poll below still catches changes */
    }
    this.timer = setInterval(() => this.reloadIfChanged(), reloadIntervalMs);
    this.timer.unref();
    return this;
  }

  close(): void {
    this.watcher?.close();
    clearInterval(this.timer);
  }

  reloadIfChanged(): void {
    if (signature(this.path) !== this.lastSignature) this.load(false);
  }

  /** Finds the key id for a presented key; every entry is compared, in constant time each. */
  lookup(presented: string): KeyLookup {
    const d = digestOf(presented);
    const nowMs = this.now();
    let found: KeyEntry | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.digest, d)) found = e;
    if (!found) return { ok: false, reason: 'unknown' };
    return found.retiresAtMs > nowMs ? { ok: true, id: found.id } : { ok: false, reason: 'rotated' };
  }

  get keyIds(): string[] {
    return [...new Set(this.entries.filter((e) => e.retiresAtMs === Infinity).map((e) => e.id))];
  }

  private load(initial: boolean): void {
    const sig = signature(this.path);
    let secrets: Map<string, string>;
    try {
      secrets = readSecrets(this.path);
    } catch (err) {
      // At start-up a bad secrets file is fatal; later the last good keys stay in force.
      const message = `cannot read API keys from ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      if (initial) throw new Error(message);
      this.log.error({ path: this.path }, `${message}; keeping the previous keys`);
      this.lastSignature = sig;
      return;
    }
    const nowMs = this.now();
    const next: KeyEntry[] = [];
    const rotated: string[] = [];
    for (const [id, key] of secrets) next.push({ id, digest: digestOf(key), retiresAtMs: Infinity });
    for (const old of this.entries) {
      if (!secrets.has(old.id) || old.retiresAtMs <= nowMs) continue;
      if (next.some((n) => n.id === old.id && n.digest.equals(old.digest))) continue;
      const retiresAtMs = Math.min(old.retiresAtMs, nowMs + this.rotationOverlapMs);
      next.push({ ...old, retiresAtMs });
      if (old.retiresAtMs === Infinity) rotated.push(old.id);
    }
    const removed = this.keyIds.filter((id) => !secrets.has(id));
    this.entries = next;
    this.lastSignature = sig;
    // Key ids only: key material never reaches the log.
    this.log.info({ keyIds: [...secrets.keys()], rotated, removed, rotationOverlapMs: this.rotationOverlapMs }, initial ? 'API keys loaded' : 'API keys reloaded');
  }
}
