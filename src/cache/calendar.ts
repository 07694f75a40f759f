/**
 * An exchange calendar: which local dates trade (weekends and listed holidays do not) and the
 * session hours in the exchange's time zone. Cached fits age by it, not by wall time: a daily
 * model ages by completed sessions, an intraday model by trading time inside sessions.
 */

export interface CalendarSettings {
  /** IANA zone of the session hours and holiday dates, e.g. "America/New_York". */
  timeZone: string;
  /** Local weekdays without a session, 0 = Sunday. */
  weekendDays: number[];
  /** Local dates without a session, "YYYY-MM-DD". */
  holidays: string[];
  /** Local session open and close, "HH:MM" (close after open, same day). */
  sessionOpen: string;
  sessionClose: string;
}

const DAY_MS = 86_400_000;
/** Spans longer than this are not walked day by day: the state is that old anyway. */
const MAX_WALK_DAYS = 3660;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export class ExchangeCalendar {
  private readonly holidays: Set<string>;
  private readonly weekend: Set<number>;
  private readonly openMin: number;
  private readonly closeMin: number;
  private readonly parts: Intl.DateTimeFormat;
  /** Zone offsets by 15-minute bucket (zone changes fall on quarter hours), and sessions by local day: Intl is slow. */
  private readonly offsets = new Map<number, number>();
  private readonly sessions = new Map<number, readonly [number, number] | null>();

  constructor(readonly settings: CalendarSettings) {
    this.holidays = new Set(settings.holidays);
    this.weekend = new Set(settings.weekendDays);
    this.openMin = minutesOf(settings.sessionOpen);
    this.closeMin = minutesOf(settings.sessionClose);
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: settings.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset of the zone from UTC at an instant, in ms (local = utc + offset). */
  private offsetMs(utcMs: number): number {
    const bucket = Math.floor(utcMs / 900_000);
    const known = this.offsets.get(bucket);
    if (known !== undefined) return known;
    if (this.offsets.size > 100_000) this.offsets.clear();
    const offset = this.zoneOffsetMs(bucket * 900_000);
    this.offsets.set(bucket, offset);
    return offset;
  }

  private zoneOffsetMs(utcMs: number): number {
    const p: Record<string, number> = {};
    for (const { type, value } of this.parts.formatToParts(utcMs)) if (type !== 'literal') p[type] = Number(value);
    const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return local - (utcMs - (utcMs % 1000 + 1000) % 1000);
  }

  /** The UTC instant of a local wall-clock time (two fixed-point steps settle DST changes). */
  private utcOf(localDayMs: number, minutes: number): number {
    const local = localDayMs + minutes * 60_000;
    let utc = local - this.offsetMs(local);
    utc = local - this.offsetMs(utc);
    return utc;
  }

  /** Local midnight of the day containing an instant, as a UTC-epoch day number times DAY_MS. */
  private localDay(utcMs: number): number {
    const local = utcMs + this.offsetMs(utcMs);
    return Math.floor(local / DAY_MS) * DAY_MS;
  }

  isTradingDay(localDayMs: number): boolean {
    const d = new Date(localDayMs);
    return !this.weekend.has(d.getUTCDay()) && !this.holidays.has(d.toISOString().slice(0, 10));
  }

  /** Calls fn(openUtcMs, closeUtcMs) for each session that overlaps [fromMs, toMs]. */
  private eachSession(fromMs: number, toMs: number, fn: (open: number, close: number) => void): boolean {
    if (!(toMs > fromMs)) return true;
    const first = this.localDay(fromMs) - DAY_MS;
    const last = this.localDay(toMs) + DAY_MS;
    if ((last - first) / DAY_MS > MAX_WALK_DAYS) return false;
    for (let day = first; day <= last; day += DAY_MS) {
      const session = this.session(day);
      if (session && session[1] > fromMs && session[0] < toMs) fn(session[0], session[1]);
    }
    return true;
  }

  /** [open, close] in UTC of a local day's session, or null on a weekend or holiday. */
  private session(localDayMs: number): readonly [number, number] | null {
    const known = this.sessions.get(localDayMs);
    if (known !== undefined) return known;
    if (this.sessions.size > 100_000) this.sessions.clear();
    const s = this.isTradingDay(localDayMs) ? ([this.utcOf(localDayMs, this.openMin), this.utcOf(localDayMs, this.closeMin)] as const) : null;
    this.sessions.set(localDayMs, s);
    return s;
  }

  /** Sessions that closed in (fromMs, toMs]: how many daily bars the market made in between. */
  sessionsClosedBetween(fromMs: number, toMs: number): number {
    let count = 0;
    const ok = this.eachSession(fromMs, toMs, (_open, close) => {
      if (close > fromMs && close <= toMs) count++;
    });
    return ok ? count : Number.POSITIVE_INFINITY;
  }

  /** Milliseconds of [fromMs, toMs] inside sessions. */
  tradingMsBetween(fromMs: number, toMs: number): number {
    let total = 0;
    const ok = this.eachSession(fromMs, toMs, (open, close) => {
      total += Math.max(0, Math.min(close, toMs) - Math.max(open, fromMs));
    });
    return ok ? total : Number.POSITIVE_INFINITY;
  }
}
