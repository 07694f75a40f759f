/**
 * CSV → RawSeries for the CLI. Header row, then either a `ret` column or prices (`close`, or OHLCV),
 * with optional `ticker` and time (`date`, `ts` or `t`) columns. Without a ticker column the file is
 * one series named by `defaultTicker`; without a time column row indices stand in for timestamps.
 * Which columns make a valid series (ret vs prices, needs close) is left to prepareBatch, so the CLI
 * and the server report those problems in the same words.
 */
import { VALUE_COLUMNS } from '../core/series.js';
import type { RawSeries, ValueColumn } from '../core/series.js';
import { DecodeError } from './errors.js';
import { gatherGroup, groupRows } from './group.js';
import { parseNumberCell, parseTimeCell, splitLine } from './csv_cells.js';

export interface CsvOptions {
  /** Name of the single series in a file without a `ticker` column. Default 'SERIES'. */
  defaultTicker?: string;
}

const TIME_COLUMNS = ['date', 'ts', 't'];

interface Header {
  delimiter: string;
  width: number;
  ticker: number;
  time: number;
  timeName: string;
  values: [ValueColumn, number][];
}

function readHeader(line: string): Header {
  // Comma unless the header clearly uses tabs or semicolons (spreadsheet exports).
  const delimiter = line.includes(',') ? ',' : line.includes('\t') ? '\t' : line.includes(';') ? ';' : ',';
  const names = (splitLine(line, delimiter) ?? []).map((n) => n.trim().toLowerCase());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name !== '' && seen.has(name)) throw new DecodeError(`line 1: column "${name}" appears twice`);
    seen.set(name, i);
  });
  const timeName = TIME_COLUMNS.find((n) => seen.has(n)) ?? '';
  const values = VALUE_COLUMNS.filter((c) => seen.has(c)).map((c): [ValueColumn, number] => [c, seen.get(c)!]);
  if (values.length === 0) {
    throw new DecodeError(`line 1: no value column (expected ret, close, or open/high/low/close/volume; found ${names.join(', ')})`);
  }
  return {
    delimiter,
    width: names.length,
    ticker: seen.get('ticker') ?? -1,
    time: timeName === '' ? -1 : seen.get(timeName)!,
    timeName: timeName,
    values,
  };
}

export function parseCsv(text: string, options: CsvOptions = {}): RawSeries[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new DecodeError('empty CSV: no header row');
  const header = readHeader(lines[headerAt]);
  const defaultTicker = options.defaultTicker ?? 'SERIES';

  const tickers: string[] = [];
  const times: number[] = [];
  const values: number[][] = header.values.map(() => []);
  // Long-format files repeat each date once per ticker; reading it once per distinct text is ~2x faster.
  const timeCache = new Map<string, number>();
  for (let l = headerAt + 1; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    const where = `line ${l + 1}`;
    const fields = splitLine(line, header.delimiter);
    if (fields === null) throw new DecodeError(`${where}: unterminated or misplaced quote`);
    if (fields.length !== header.width) {
      throw new DecodeError(`${where}: ${fields.length} fields but the header has ${header.width}`);
    }
    tickers.push(header.ticker < 0 ? defaultTicker : fields[header.ticker].trim());
    if (header.time >= 0) {
      const cell = fields[header.time];
      let t = timeCache.get(cell) ?? null;
      if (t === null) {
        t = parseTimeCell(cell);
        if (t !== null) timeCache.set(cell, t);
      }
      if (t === null) {
        throw new DecodeError(
          `${where}, column ${header.timeName}: cannot read time "${cell}" (expected YYYY-MM-DD, an ISO date-time or epoch ms)`,
        );
      }
      times.push(t);
    }
    header.values.forEach(([name, at], k) => {
      const v = parseNumberCell(fields[at]);
      if (v === null) throw new DecodeError(`${where}, column ${name}: "${fields[at]}" is not a number`);
      values[k].push(v);
    });
  }

  const groups = groupRows(tickers);
  const timeColumn = Float64Array.from(times);
  const valueColumns = values.map((v) => Float64Array.from(v));
  return groups.keys.map((ticker, g) => {
    const columns: RawSeries['columns'] = {};
    header.values.forEach(([name], k) => {
      columns[name] = gatherGroup(valueColumns[k], groups, g);
    });
    return {
      ticker,
      timestampsMs: header.time < 0 ? new Float64Array(0) : gatherGroup(timeColumn, groups, g),
      columns,
    };
  });
}
