import {
  DateDay, DateMillisecond, Dictionary, Float32, Float64, Int32, Int64, LargeUtf8, Table, TimestampMicrosecond,
  TimestampMillisecond, TimestampNanosecond, TimestampSecond, Uint64, Utf8, tableFromArrays, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreparedBatch, RawSeries } from '../../src/core/series.js';
import { prepareBatch } from '../../src/preprocess/batch.js';
import { decodeArrowIpc } from '../../src/preprocess/decode_arrow.js';
import { fromProtoSeries, type ProtoSeries } from '../../src/preprocess/decode_proto.js';
import { DecodeError } from '../../src/preprocess/errors.js';
import { LIMITS, expectSameBytes, policy } from './helpers.js';

// Long-format rows, tickers interleaved, with nulls (close, volume), an out-of-order row and a
// repeated timestamp in AA, so decoding and cleaning both have work to do.
const ROWS: [string, number, number | null, number | null][] = [
  ['AA', 1000, 10, 5],
  ['BB', 1000, 20, null],
  ['AA', 3000, null, 6],
  ['CC', 1000, 7, 1],
  ['AA', 2000, 11, 7],
  ['BB', 2000, 21, 2],
  ['AA', 3000, 12.5, 8],
];
const col = <T>(k: number) => ROWS.map((r) => r[k] as T);

function arrowBytes(tickerType: DataType = new Dictionary(new Utf8(), new Int32()), timeType: DataType = new TimestampMillisecond(), times: unknown[] = col(1)): Uint8Array {
  const table = new Table({
    ticker: vectorFromArray(col<string>(0), tickerType),
    timestamp: vectorFromArray(times, timeType),
    close: vectorFromArray(col<number | null>(2), new Float64()),
    volume: vectorFromArray(col<number | null>(3), new Float64()),
  });
  return tableToIPC(table, 'stream');
}

/** The same data as repeated messages: NaN for null, rows grouped by ticker in first-appearance order. */
function protoSeries(): ProtoSeries[] {
  const tickers = [...new Set(col<string>(0))];
  return tickers.map((ticker) => {
    const rows = ROWS.filter((r) => r[0] === ticker);
    return {
      ticker, open: [], high: [], low: [], ret: [],
      timestampsMs: rows.map((r) => r[1]),
      close: rows.map((r) => r[2] ?? NaN),
      volume: rows.map((r) => r[3] ?? NaN),
    };
  });
}

function expectSameRaw(a: RawSeries[], b: RawSeries[]): void {
  expect(a.map((s) => s.ticker)).toEqual(b.map((s) => s.ticker));
  a.forEach((s, i) => {
    expect(expectSameBytes(s.timestampsMs, b[i].timestampsMs)).toBe(true);
    expect(Object.keys(s.columns).sort()).toEqual(Object.keys(b[i].columns).sort());
    for (const [name, values] of Object.entries(s.columns)) {
      expect(expectSameBytes(values!, b[i].columns[name as keyof RawSeries['columns']]!)).toBe(true);
    }
  });
}

function expectSameBatch(a: PreparedBatch, b: PreparedBatch): void {
  expect([a.tickers, a.errors, a.levelKind, a.returnsKind]).toEqual([b.tickers, b.errors, b.levelKind, b.returnsKind]);
  for (const key of ['level', 'levelOffsets', 'returns', 'returnOffsets', 'firstMs', 'lastMs', 'dropped'] as const) {
    expect(expectSameBytes(a[key], b[key]), key).toBe(true);
  }
}

describe('decodeArrowIpc', () => {
  it('Arrow (dictionary tickers, Timestamp(ms), nulls) and repeated messages give bit-identical batches', () => {
    const fromArrow = decodeArrowIpc(arrowBytes());
    const fromProto = fromProtoSeries(protoSeries());
    expectSameRaw(fromArrow, fromProto);
    expect(fromArrow.map((s) => s.ticker)).toEqual(['AA', 'BB', 'CC']);
    // AA keeps its rows as sent: t = 1000, 3000, 2000, 3000; close 10, NaN, 11, 12.5.
    expect(Array.from(fromArrow[0].timestampsMs)).toEqual([1000, 3000, 2000, 3000]);
    expect(Array.from(fromArrow[0].columns.close!)).toEqual([10, NaN, 11, 12.5]);

    const p = policy({ missing: 'ffill' });
    const a = prepareBatch(fromArrow, p, LIMITS);
    const b = prepareBatch(fromProto, p, LIMITS);
    expect(a.invalid).toEqual([]);
    expectSameBatch(a.batch, b.batch);
    // AA after sort + keep_last: t 1000, 2000, 3000 → 10, 11, 12.5 (the NaN row at 3000 was superseded).
    expect(Array.from(a.batch.level.subarray(0, 3))).toEqual([10, 11, 12.5]);
  });

  it.each([
    ['Timestamp(s)', new TimestampSecond(), col<number>(1)],
    ['Timestamp(us)', new TimestampMicrosecond(), col<number>(1)],
    ['Timestamp(ns)', new TimestampNanosecond(), col<number>(1)],
    ['Date(ms)', new DateMillisecond(), col<number>(1).map((t) => new Date(t))],
    ['Int64 epoch ms', new Int64(), col<number>(1).map(BigInt)],
    ['Float64 epoch ms', new Float64(), col<number>(1)],
  ])('time column as %s decodes to the same epoch ms', (_name, type, times) => {
    expectSameRaw(decodeArrowIpc(arrowBytes(undefined, type, times)), fromProtoSeries(protoSeries()));
  });

  it('Date(day) is UTC midnight', () => {
    const day = 86_400_000;
    const table = new Table({
      ticker: vectorFromArray(['A', 'A'], new Utf8()),
      timestamp: vectorFromArray([new Date(0), new Date(day)], new DateDay()),
      ret: vectorFromArray([1, 2], new Float64()),
    });
    expect(Array.from(decodeArrowIpc(tableToIPC(table))[0].timestampsMs)).toEqual([0, day]);
  });

  it.each([
    ['utf8', new Utf8()],
    ['large utf8', new LargeUtf8()],
  ])('plain %s tickers group like dictionary ones', (_name, type) => {
    expectSameRaw(decodeArrowIpc(arrowBytes(type)), fromProtoSeries(protoSeries()));
  });

  it('any numeric value type becomes float64; no timestamp column means none sent', () => {
    const table = new Table({
      ticker: vectorFromArray(['A', 'A', 'A'], new Utf8()),
      open: vectorFromArray([1, 2, null], new Int32()),
      high: vectorFromArray([1.5, 2.5, 3.5], new Float32()),
      low: vectorFromArray([1n, 2n, 3n], new Uint64()),
      close: vectorFromArray([4, 5, 6], new Float64()),
    });
    const [s] = decodeArrowIpc(tableToIPC(table));
    expect(s.timestampsMs.length).toBe(0);
    expect(Array.from(s.columns.open!)).toEqual([1, 2, NaN]);
    expect(Array.from(s.columns.high!)).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(s.columns.low!)).toEqual([1, 2, 3]);
  });

  it('several record batches with different dictionaries', () => {
    const part = (tickers: string[], start: number) =>
      tableFromArrays({ ticker: tickers, ret: Float64Array.from(tickers, (_, i) => start + i) });
    const bytes = tableToIPC(part(['X', 'Y'], 0).concat(part(['Z', 'X'], 10)), 'stream');
    const series = decodeArrowIpc(bytes);
    expect(series.map((s) => [s.ticker, Array.from(s.columns.ret!)])).toEqual([['X', [0, 11]], ['Y', [1]], ['Z', [10]]]);
  });

  it('the Arrow file format is refused with a message saying what to send', () => {
    const table = tableFromArrays({ ticker: ['A', 'B'], ret: new Float64Array([1, 2]) });
    expect(() => decodeArrowIpc(tableToIPC(table, 'file'))).toThrow('arrow_ipc: this is the Arrow file format; send the IPC stream format');
  });
});

describe('decodeArrowIpc on bad input', () => {
  const good = arrowBytes();

  it('every truncation of a stream is a DecodeError, never a crash or a silent partial table', () => {
    for (let n = 0; n < good.length; n++) {
      expect(() => decodeArrowIpc(good.subarray(0, n)), `truncated to ${n} bytes`).toThrow(DecodeError);
    }
  });

  it('messages say what is wrong', () => {
    expect(() => decodeArrowIpc(new Uint8Array(0))).toThrow('arrow_ipc: empty');
    expect(() => decodeArrowIpc(good.subarray(0, 50))).toThrow('arrow_ipc: message 0 is truncated');
    // Cut between messages: the rest parses, but rows would be lost silently without the EOS check.
    expect(() => decodeArrowIpc(good.subarray(0, good.length - 8))).toThrow(/stream ends without the end-of-stream marker/);
    expect(() => decodeArrowIpc(new TextEncoder().encode('ticker,close\nA,1\n'))).toThrow(
      'arrow_ipc: expected a message at byte 0 (not an Arrow IPC stream, or corrupt)',
    );
  });

  it('a missing ticker column is named, with the columns that were found', () => {
    const bytes = tableToIPC(tableFromArrays({ symbol: ['A'], close: new Float64Array([1]) }));
    expect(() => decodeArrowIpc(bytes)).toThrow('arrow_ipc: missing column "ticker" (columns: symbol, close)');
  });

  it('wrong column types are named', () => {
    const bytes = tableToIPC(tableFromArrays({ ticker: new Int32Array([1]), close: new Float64Array([1]) }));
    expect(() => decodeArrowIpc(bytes)).toThrow(/column ticker has type Int32; expected utf8/);
    const bad = tableToIPC(tableFromArrays({ ticker: ['A'], close: ['x'] }));
    expect(() => decodeArrowIpc(bad)).toThrow(/column close has type .*expected a numeric type/);
  });

  // Arrow JS trusts metadata lengths: before arrow_guard.ts, setting one length byte (e.g. the schema's
  // field count) made it allocate until the heap ran out. Every single-byte edit must now fail fast.
  it('every single-byte corruption either decodes or throws DecodeError, quickly', () => {
    let slowest = 0;
    for (let at = 0; at < good.length; at++) {
      for (const value of [0x01, 0x7f, 0xff]) {
        const bytes = good.slice();
        bytes[at] = value;
        const started = performance.now();
        try {
          decodeArrowIpc(bytes);
        } catch (err) {
          if (!(err instanceof DecodeError)) throw new Error(`byte ${at} = ${value}: ${String(err)}`);
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
    }
    // A corrupt dictionary length once cost 34 s here (an 8 GB index table); now ~0.1 s at worst.
    expect(slowest).toBeLessThan(2000);
  });

  it('random multi-byte corruption (incl. whole int32 lengths) either decodes or throws DecodeError', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(good.length - 4), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const bytes = good.slice();
          const view = new DataView(bytes.buffer);
          for (const [at, value, wide] of edits) {
            if (wide) view.setInt32(at, value, true);
            else bytes[at] = value & 0xff;
          }
          try {
            decodeArrowIpc(bytes);
          } catch (err) {
            if (!(err instanceof DecodeError)) throw err;
          }
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
