/**
 * Cell-level CSV parsing for the CLI: splitting a line into fields and reading numbers and times.
 * Each reader returns null for text it cannot read so the caller can name the line and column.
 */

/** RFC 4180 fields on one line: quoted fields may hold the delimiter and "" for a quote. */
export function splitLine(line: string, delimiter: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return null; // unterminated quote
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i >= line.length) return fields;
      if (line[i] !== delimiter) return null; // text after a closing quote
      i++;
    } else {
      const end = line.indexOf(delimiter, i);
      if (end < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a']);
const INFINITE = /^([+-]?)inf(inity)?$/i;

/**
 * A decimal number; NA/NaN/null/empty are missing (NaN); inf stays infinite so validation can name
 * it. Hex and other forms Number() accepts are refused: they are typos in a price file.
 */
export function parseNumberCell(text: string): number | null {
  const s = text.trim();
  if (MISSING.has(s.toLowerCase())) return NaN;
  if (DECIMAL.test(s)) return Number(s);
  const inf = INFINITE.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function utcMs(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', frac = ''): number | null {
  const ms = frac === '' ? 0 : Math.round(Number(`0${frac}`) * 1000);
  const t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  const check = new Date(t);
  // Date.UTC silently rolls 2021-02-30 over into March; refuse instead.
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) return null;
  return t;
}

/**
 * A time cell → epoch ms. `1990-12-31` is UTC midnight; a date-time without an offset is UTC (unlike
 * Date.parse, which reads it as local time); a bare number is epoch milliseconds.
 */
export function parseTimeCell(text: string): number | null {
  const s = text.trim();
  const date = ISO_DATE.exec(s);
  if (date) return utcMs(date[1], date[2], date[3]);
  const dt = ISO_DATETIME.exec(s);
  if (dt) {
    const t = utcMs(dt[1], dt[2], dt[3], dt[4], dt[5], dt[6], dt[7] ?? '');
    if (t === null) return null;
    const zone = dt[8];
    if (zone === undefined || zone.toUpperCase() === 'Z') return t;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return t - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (DECIMAL.test(s)) return Number(s);
  return null;
}
