import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/preprocess/csv.js';
import { DecodeError } from '../../src/preprocess/errors.js';
import { parseTimeCell } from '../../src/preprocess/csv_cells.js';

describe('parseCsv', () => {
  it('a ret-only file is one series named by defaultTicker, without timestamps', () => {
    // tests/data/dem2gbp_returns.csv: header `ret` + 1974 daily DEM/GBP returns (Bollerslev–Ghysels).
    const text = readFileSync(join(import.meta.dirname, '../data/dem2gbp_returns.csv'), 'utf8');
    const [s, ...rest] = parseCsv(text, { defaultTicker: 'DEMGBP' });
    expect(rest).toEqual([]);
    expect(s.ticker).toBe('DEMGBP');
    expect(s.timestampsMs.length).toBe(0);
    expect(s.columns.ret!.length).toBe(1974);
    expect(s.columns.ret![0]).toBe(0.12533286); // first data line of the file
  });

  it('ticker, date, close: grouped by ticker in order of first appearance; dates are UTC midnight', () => {
    const series = parseCsv('ticker,date,close\nIBM,1990-12-31,10\nAA,1990-12-31,20\nIBM,1991-01-02,11\n');
    expect(series.map((s) => s.ticker)).toEqual(['IBM', 'AA']);
    // Date.UTC(1990, 11, 31) = 662601600000; 1991-01-02 is two days later (+172800000).
    expect(Array.from(series[0].timestampsMs)).toEqual([662601600000, 662774400000]);
    expect(Array.from(series[0].columns.close!)).toEqual([10, 11]);
    expect(Array.from(series[1].columns.close!)).toEqual([20]);
  });

  it('OHLCV with a ts column of epoch ms; empty cells are missing (NaN)', () => {
    const [s] = parseCsv('ts,open,high,low,close,volume\n1000,1,2,0.5,1.5,100\n2000,1.5,2.5,1,,\n', { defaultTicker: 'X' });
    expect(s.ticker).toBe('X');
    expect(Array.from(s.timestampsMs)).toEqual([1000, 2000]);
    expect(Object.keys(s.columns).sort()).toEqual(['close', 'high', 'low', 'open', 'volume']);
    expect(Array.from(s.columns.close!)).toEqual([1.5, NaN]);
    expect(Array.from(s.columns.volume!)).toEqual([100, NaN]);
  });

  it('quoted fields, CRLF, a BOM, blank lines and NA', () => {
    const [s] = parseCsv('\uFEFFticker,t,ret\r\n"A,B",1,0.5\r\n\r\n"A,B",2,NA\r\n');
    expect(s.ticker).toBe('A,B');
    expect(Array.from(s.columns.ret!)).toEqual([0.5, NaN]);
  });

  it('a bad number names the line and the column', () => {
    const text = 'date,close\n2020-01-01,1\n2020-01-02,abc\n';
    expect(() => parseCsv(text)).toThrow(DecodeError);
    expect(() => parseCsv(text)).toThrow('line 3, column close: "abc" is not a number');
  });

  it('a bad time, a short row and a missing value column are named', () => {
    expect(() => parseCsv('date,close\n2020-02-30,1\n')).toThrow(/^line 2, column date: cannot read time "2020-02-30"/);
    expect(() => parseCsv('date,close\n2020-01-01\n')).toThrow('line 2: 1 fields but the header has 2');
    expect(() => parseCsv('date,price\n2020-01-01,1\n')).toThrow(/^line 1: no value column/);
    expect(() => parseCsv('')).toThrow('empty CSV: no header row');
  });
});

describe('parseTimeCell', () => {
  it.each([
    ['1990-12-31', 662601600000],
    ['1990-12-31T12:00:00Z', 662601600000 + 12 * 3_600_000],
    // Without an offset a date-time is UTC, not local time.
    ['1990-12-31 12:00', 662601600000 + 12 * 3_600_000],
    ['1990-12-31T12:00:00.250+02:00', 662601600000 + 10 * 3_600_000 + 250],
    ['662601600000', 662601600000],
  ])('%s → %d', (text, ms) => {
    expect(parseTimeCell(text)).toBe(ms);
  });

  it('refuses what it cannot read', () => {
    expect(parseTimeCell('31/12/1990')).toBeNull();
    expect(parseTimeCell('1990-13-01')).toBeNull();
    expect(parseTimeCell('')).toBeNull();
  });
});
