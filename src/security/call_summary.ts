import { createHmac } from 'node:crypto';

/** What an audit record says about a call's requests: models, tickers, how many messages. */
export class CallSummary {
  readonly models = new Set<string>();
  readonly tickers = new Set<string>();
  messages = 0;
  /** Bytes of Arrow IPC payloads, whose tickers are not decoded at the edge. */
  arrowBytes = 0;

  constructor(private readonly maxTickers: number) {}

  add(msg: unknown): void {
    this.messages++;
    const m = msg as { models?: { name?: string }[]; series?: { ticker?: string }[]; arrowIpc?: Uint8Array };
    for (const spec of m.models ?? []) if (spec.name) this.models.add(spec.name);
    for (const s of m.series ?? []) if (this.tickers.size < this.maxTickers) this.tickers.add(s.ticker ?? '');
    this.arrowBytes += m.arrowIpc?.length ?? 0;
  }

  /** The record fields; with an anonymise key, tickers are HMAC-SHA256 hex (stable, not reversible without it). */
  fields(anonymiseKey: Buffer | undefined): Record<string, unknown> {
    const tickers = [...this.tickers];
    return {
      models: [...this.models],
      tickerCount: tickers.length,
      ...(anonymiseKey
        ? { tickerHmacs: tickers.map((t) => createHmac('sha256', anonymiseKey).update(t, 'utf8').digest('hex')) }
        : { tickers }),
      messages: this.messages,
      ...(this.arrowBytes > 0 ? { arrowBytes: this.arrowBytes } : {}),
    };
  }
}
