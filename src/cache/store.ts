import { entryBytes, type CacheEntry } from './entry.js';

/**
 * The fitted states, least recently used first out, bounded by an estimate of their resident
 * bytes. Map iteration order is insertion order, so re-inserting on use keeps it an LRU.
 */
export class StateStore {
  private readonly entries = new Map<string, { entry: CacheEntry; bytes: number }>();
  private totalBytes = 0;
  evictions = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The entry, marked as just used. */
  get(key: string): CacheEntry | undefined {
    const slot = this.entries.get(key);
    if (!slot) return undefined;
    this.entries.delete(key);
    this.entries.set(key, slot);
    return slot.entry;
  }

  set(entry: CacheEntry): void {
    this.delete(entry.key);
    const bytes = entryBytes(entry);
    if (bytes > this.maxBytes) return;
    this.entries.set(entry.key, { entry, bytes });
    this.totalBytes += bytes;
    for (const [key, slot] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.totalBytes -= slot.bytes;
      this.evictions++;
    }
  }

  delete(key: string): void {
    const slot = this.entries.get(key);
    if (!slot) return;
    this.entries.delete(key);
    this.totalBytes -= slot.bytes;
  }

  /** Most recently used last, so loading them in order restores the LRU order. */
  values(): CacheEntry[] {
    return [...this.entries.values()].map((s) => s.entry);
  }
}
