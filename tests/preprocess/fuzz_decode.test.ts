// Fuzzing the decoders into preprocessing: random CSV text and random Arrow tables (then truncated
// or corrupted) either decode or throw DecodeError, and whatever decodes, prepareBatch turns into
// usable series with finite numbers only, or per-ticker errors. property.test.ts covers
// prepareBatch on random RawSeries; decode_arrow.test.ts corrupts one fixed table; this file
// generates the inputs themselves. The oracle is the invariant, not a value.
import { Float64, Int32, Table, TimestampMillisecond, Utf8, Dictionary, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreprocessPolicy, RawSeries } from '../../src/core/series.js';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { parseCsv } from '../../src/preprocess/csv.js';
import { decodeArrowIpc } from '../../src/preprocess/decode_arrow.js';
import { DecodeError } from '../../src/preprocess/errors.js';

const LIMITS = { maxPointsPerSeries: 200 };
const policyArb: fc.Arbitrary<PreprocessPolicy> = fc.record({
  missing: fc.constantFrom('reject', 'drop', 'ffill'),
  order: fc.constantFrom('sort', 'reject'),
  duplicates: fc.constantFrom('keep_last', 'reject'),
  returns: fc.constantFrom('log_pct', 'simple_pct'),
});

/** Decodes with `decode`; anything thrown but a DecodeError fails the property. */
function decodeOrNull(decode: () => RawSeries[]): RawSeries[] | null {
  try {
    return decode();
  } catch (err) {
    if (err instanceof DecodeError) return null;
    throw err;
  }
}

/** The invariant of a prepared batch: finite numbers in every usable ticker, nothing in a failed one. */
function expectUsableIsFinite(series: RawSeries[], policy: PreprocessPolicy): void {
  const { batch } = prepareBatch(series, policy, LIMITS);
  expect(batch.tickers).toHaveLength(series.length);
  for (let i = 0; i < series.length; i++) {
    const level = batch.level.subarray(batch.levelOffsets[i], batch.levelOffsets[i + 1]);
    const returns = batch.returns.subarray(batch.returnOffsets[i], batch.returnOffsets[i + 1]);
    if (batch.errors[i] !== null) {
      expect(level.length + returns.length).toBe(0);
      continue;
    }
    expect(level.every(Number.isFinite) && returns.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(batch.firstMs[i]) && Number.isFinite(batch.lastMs[i])).toBe(true);
  }
}

// CSV: a header from known and unknown column names, then rows of cells drawn from numbers,
// dates, blanks, NA, quotes and junk, with random delimiters and line endings.
const cell = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('', 'NA', 'NaN', 'nan', '-', 'Infinity', '-Infinity', '1e309', '0x10', '"1"', '"a,b"', '""', ' 1 ', '2020-01-01', '2020-13-45', '1.5.5'),
  fc.string({ maxLength: 6 }),
);
const csvText = fc
  .record({
    header: fc.array(fc.constantFrom('ticker', 'date', 'ts', 't', 'open', 'high', 'low', 'close', 'volume', 'ret', 'x', ''), { minLength: 1, maxLength: 6 }),
    rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 20 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
  })
  .map(({ header, rows, delimiter, eol, bom }) => (bom ? '\uFEFF' : '') + [header, ...rows].map((r) => r.join(delimiter)).join(eol));

// Arrow: long-format tables with dictionary or plain tickers, optional timestamps and nullable
// value columns, with values that include the non-finite and the non-positive.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: 1e-3, max: 1e4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, NaN, Infinity, -Infinity, 0, -5, 1e308, 5e-324) },
);
const arrowTable = fc
  .record({
    rows: fc.array(fc.tuple(fc.constantFrom('A', 'B', 'C', ''), fc.integer({ min: -5, max: 40 }), value, value), { minLength: 1, maxLength: 40 }),
    dictionary: fc.boolean(),
    withTime: fc.boolean(),
    valueColumns: fc.constantFrom(['close'], ['ret'], ['close', 'volume'], ['open', 'close'], ['x']),
  })
  .map(({ rows, dictionary, withTime, valueColumns }) => {
    const columns: Record<string, Vector> = {
      ticker: vectorFromArray(rows.map((r) => r[0]), dictionary ? new Dictionary(new Utf8(), new Int32()) : new Utf8()) as Vector,
    };
    if (withTime) columns.timestamp = vectorFromArray(rows.map((r) => r[1] * 1000), new TimestampMillisecond()) as Vector;
    valueColumns.forEach((name, k) => (columns[name] = vectorFromArray(rows.map((r) => r[2 + k] as number | null), new Float64())));
    return tableToIPC(new Table(columns), 'stream');
  });

describe('fuzz: CSV decoding into preprocessing', () => {
  it('random CSV text decodes or is a DecodeError; what decodes prepares to finite numbers', () => {
    let decoded = 0;
    fc.assert(
      fc.property(csvText, policyArb, (text, policy) => {
        const series = decodeOrNull(() => parseCsv(text));
        if (series === null) return;
        decoded++;
        for (const s of series) {
          for (const values of Object.values(s.columns)) expect(values.length).toBe(s.timestampsMs.length || values.length);
        }
        expectUsableIsFinite(series, policy);
      }),
      { seed: 11, numRuns: 600 },
    );
    // Not only rejections: a share of the generated files must get through to preprocessing.
    expect(decoded).toBeGreaterThan(30);
  });
});

describe('fuzz: Arrow decoding into preprocessing', () => {
  it('random tables decode and prepare to finite numbers', () => {
    fc.assert(
      fc.property(arrowTable, policyArb, (bytes, policy) => {
        const series = decodeOrNull(() => decodeArrowIpc(bytes));
        if (series !== null) expectUsableIsFinite(series, policy);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('truncated random tables are a DecodeError (never a silent partial table) or decode whole', () => {
    fc.assert(
      fc.property(arrowTable, fc.double({ min: 0, max: 1, noNaN: true }), (bytes, cut) => {
        const at = Math.floor(cut * (bytes.length - 1));
        expect(decodeOrNull(() => decodeArrowIpc(bytes.subarray(0, at)))).toBeNull();
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('corrupted random tables (byte flips, int32 overwrites, inserted and deleted bytes) decode or are a DecodeError', () => {
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom('byte', 'int32', 'insert', 'delete'));
    fc.assert(
      fc.property(arrowTable, fc.array(edit, { minLength: 1, maxLength: 4 }), policyArb, (good, edits, policy) => {
        let bytes = Array.from(good);
        for (const [where, v, kind] of edits) {
          const at = Math.floor(where * (bytes.length - 4));
          if (kind === 'byte') bytes[at] = v & 0xff;
          else if (kind === 'insert') bytes.splice(at, 0, v & 0xff);
          else if (kind === 'delete') bytes.splice(at, 1);
          else for (let k = 0; k < 4; k++) bytes[at + k] = (v >>> (8 * k)) & 0xff;
        }
        const series = decodeOrNull(() => decodeArrowIpc(Uint8Array.from(bytes)));
        if (series !== null) expectUsableIsFinite(series, policy);
        bytes = [];
      }),
      { seed: 14, numRuns: 400 },
    );
  });

  it('random bytes, with or without an Arrow stream prefix, decode or are a DecodeError', () => {
    const prefix = Uint8Array.from([0xff, 0xff, 0xff, 0xff]);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (junk, prefixed) => {
        const bytes = prefixed ? Uint8Array.from([...prefix, ...junk]) : junk;
        const series = decodeOrNull(() => decodeArrowIpc(bytes));
        if (series !== null) expectUsableIsFinite(series, { missing: 'drop', order: 'sort', duplicates: 'keep_last', returns: 'log_pct' });
      }),
      { seed: 15, numRuns: 500 },
    );
  });
});
