import { describe, expect, it } from 'vitest';
import { ExchangeCalendar } from '../../src/cache/calendar.js';
import { decide, clockOf, type RefitPolicy } from '../../src/cache/policy.js';
import type { CacheEntry } from '../../src/cache/entry.js';

// Expected values are counted by hand on a 2026 wall calendar (NYSE hours, US Eastern time).
const nyse = new ExchangeCalendar({
  timeZone: 'America/New_York',
  weekendDays: [0, 6],
  holidays: ['2026-11-26', '2026-12-25'],
  sessionOpen: '09:30',
  sessionClose: '16:00',
});
const at = (iso: string) => Date.parse(iso);
const policy: RefitPolicy = { refitEveryBars: 20, maxAgeSessions: 1, maxAgeTradingMinutes: 60 };

function entry(clock: CacheEntry['clock'], fittedAtMs: number, overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    key: 'k', ticker: 'T', model: 'garch', digest: 'd', n: 100, fitN: 100, fittedAtMs, lastBarMs: fittedAtMs, clock,
    spec: { vol: 'garch', p: 1, o: 0, q: 1, mean: 'constant', ar: 0, ma: 0, dist: 'normal', init: 'fgarch' },
    params: [], state: [], chainParams: [], paramsByName: {}, details: {}, ...overrides,
  };
}

describe('exchange calendar', () => {
  it('Friday close to Monday open: no session closed, so a daily model does not age', () => {
    const fri = at('2026-12-04T16:05:00-05:00');
    const monOpen = at('2026-12-07T09:31:00-05:00');
    expect(nyse.sessionsClosedBetween(fri, monOpen)).toBe(0);
    expect(decide(entry('daily', fri), true, 101, monOpen, false, policy, nyse).path).toBe('incremental');
    // Monday's close makes it one session old: maxAgeSessions 1 refits.
    const monClose = at('2026-12-07T16:00:00-05:00');
    expect(nyse.sessionsClosedBetween(fri, monClose)).toBe(1);
    expect(decide(entry('daily', fri), true, 101, monClose, false, policy, nyse).path).toBe('warm');
  });

  it('a holiday is not a session: Christmas Eve close to the next Monday open is 0 sessions', () => {
    expect(nyse.sessionsClosedBetween(at('2026-12-24T16:05:00-05:00'), at('2026-12-28T09:45:00-05:00'))).toBe(0);
    // Thanksgiving week: Wed close .. Mon close = Fri 27th and Mon 30th
    expect(nyse.sessionsClosedBetween(at('2026-11-25T16:01:00-05:00'), at('2026-11-30T16:30:00-05:00'))).toBe(2);
  });

  it('intraday ages by trading time: 15:50 to the next day 09:40 is 20 trading minutes, not 17 h 50', () => {
    const from = at('2026-12-02T15:50:00-05:00');
    const to = at('2026-12-03T09:40:00-05:00');
    expect(nyse.tradingMsBetween(from, to) / 60_000).toBe(20);
    expect(decide(entry('intraday', from), true, 101, to, false, policy, nyse).path).toBe('incremental');
    // 10:30 next day: 10 + 60 = 70 minutes > maxAgeTradingMinutes 60
    expect(decide(entry('intraday', from), true, 101, at('2026-12-03T10:30:00-05:00'), false, policy, nyse).path).toBe('warm');
  });

  it('session hours follow daylight saving time (EDT in July, EST in December)', () => {
    expect(nyse.tradingMsBetween(at('2026-07-01T13:00:00Z'), at('2026-07-01T13:31:00Z')) / 60_000).toBe(1); // 09:30 EDT = 13:30Z
    expect(nyse.tradingMsBetween(at('2026-12-01T13:00:00Z'), at('2026-12-01T14:31:00Z')) / 60_000).toBe(1); // 09:30 EST = 14:30Z
    // the March change week: Friday 6th (EST) and Monday 9th (EDT), a full 390-minute session each
    expect(nyse.tradingMsBetween(at('2026-03-06T00:00:00Z'), at('2026-03-10T00:00:00Z')) / 60_000).toBe(780);
  });
});

describe('refit policy', () => {
  const now = at('2026-12-02T12:00:00-05:00');
  it('misses, history changes, refit requests and the bar budget', () => {
    expect(decide(undefined, false, 10, now, false, policy, nyse)).toEqual({ path: 'cold', reason: 'not cached' });
    expect(decide(entry('untimed', now), false, 101, now, false, policy, nyse).path).toBe('cold');
    expect(decide(entry('untimed', now), true, 101, now, true, policy, nyse).path).toBe('warm');
    const inc = decide(entry('untimed', now, { n: 105 }), true, 119, now, false, policy, nyse);
    expect(inc).toMatchObject({ path: 'incremental', newBars: 14 });
    expect(decide(entry('untimed', now), true, 120, now, false, policy, nyse).path).toBe('warm');
  });

  it('classifies the bar clock from the spacing; row-number timestamps are untimed', () => {
    expect(clockOf(0, 99, 100)).toBe('untimed');
    expect(clockOf(at('2026-01-02T00:00:00Z'), at('2026-12-01T00:00:00Z'), 230)).toBe('daily');
    expect(clockOf(at('2026-12-01T14:30:00Z'), at('2026-12-01T21:00:00Z'), 79)).toBe('intraday');
  });
});
