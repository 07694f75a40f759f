import type { Logger } from '../obs/logger.js';
import { FitCache, type FitCacheSettings } from './fit_cache.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';

export interface CacheServiceSettings extends FitCacheSettings {
  snapshot: { path: string | null; intervalMs: number };
}

/**
 * The cache with its persistence: loads the snapshot at start-up (a corrupt or incompatible one is
 * ignored with one warning), rewrites it every snapshot.intervalMs while entries change, and once
 * more at close.
 */
export class CacheService {
  readonly cache: FitCache;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** Entries loaded from the snapshot at start-up. */
  readonly loaded: number;

  constructor(
    readonly settings: CacheServiceSettings,
    private readonly log: Logger,
    nowMs: () => number = Date.now,
  ) {
    this.cache = new FitCache(settings, nowMs);
    const path = settings.snapshot.path;
    let loaded = 0;
    if (path) {
      const snap = readSnapshot(path);
      if ('problem' in snap) log.warn({ path, problem: snap.problem }, 'cache snapshot ignored: starting with an empty cache');
      else {
        for (const e of snap.entries) this.cache.store.set(e);
        loaded = this.cache.store.size;
        if (loaded > 0) log.info({ path, entries: loaded }, 'cache snapshot loaded');
      }
      this.timer = setInterval(() => void this.snapshot(), settings.snapshot.intervalMs);
      this.timer.unref();
    }
    this.loaded = loaded;
  }

  /** Writes the snapshot now (serialised with any write in progress); failures are logged, never thrown. */
  snapshot(): Promise<void> {
    const path = this.settings.snapshot.path;
    if (!path) return Promise.resolve();
    this.writing = this.writing.then(async () => {
      try {
        await writeSnapshot(path, this.cache.entries(), this.cache.nowMs());
      } catch (err) {
        this.log.error({ path, err: (err as Error).message }, 'cache snapshot write failed');
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.snapshot();
  }
}
