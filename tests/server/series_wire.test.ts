import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastRequestDecoder, loadProto, SERVICE_NAME } from '../../src/server/proto.js';
import { splitForecastRequest, WireError } from '../../src/server/series_wire.js';

// The edge's fast series decoder (src/server/series_wire.ts) against protobufjs, the reference:
// for any request protobufjs encodes, and for the encodings a conforming sender may use that
// protobufjs's encoder does not produce (unpacked repeated fields, split packed runs, unknown
// fields, fields out of order), both decoders must give the same request.
const method = (loadProto()[SERVICE_NAME] as Record<string, any>).Forecast;
const reference = (buf: Buffer) => method.requestDeserialize(buf);
const fast = forecastRequestDecoder(reference);
const encode = (req: object): Buffer => method.requestSerialize(req);

/** Typed arrays as plain arrays, so both decoders' results compare with toEqual. */
function plain(v: unknown): unknown {
  if (v instanceof Float64Array) return Array.from(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

// ---- a minimal protobuf writer for hand-made wire variants
const varint = (n: bigint): number[] => {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
};
const tag = (field: number, wire: number) => varint(BigInt((field << 3) | wire));
const len = (field: number, body: number[]) => [...tag(field, 2), ...varint(BigInt(body.length)), ...body];
const f64 = (x: number) => Array.from(new Uint8Array(Float64Array.of(x).buffer));
const str = (s: string) => Array.from(Buffer.from(s, 'utf8'));

describe('fast ForecastRequest series decoder', () => {
  it('equals protobufjs on random requests (fast-check)', () => {
    const num = fc.double({ noNaN: false });
    const column = fc.option(fc.array(num, { maxLength: 40 }), { nil: undefined });
    const seriesArb = fc.record({
      ticker: fc.string({ unit: 'binary', maxLength: 12 }),
      timestampsMs: fc.array(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(-1), fc.constant(1_733_000_000_000)), { maxLength: 40 }),
      open: column,
      close: column,
      ret: column,
      volume: column,
    });
    fc.assert(
      fc.property(
        fc.record({
          requestId: fc.string({ maxLength: 10 }),
          series: fc.array(seriesArb, { maxLength: 6 }),
          models: fc.array(fc.record({ name: fc.constantFrom('garch', 'arima', 'ewma'), paths: fc.nat(1000) }), { maxLength: 3 }),
          horizonBars: fc.nat(100),
          levels: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
        }),
        (req) => {
          const buf = encode(req);
          expect(plain(fast(buf))).toEqual(plain(reference(buf)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads unpacked, split and mixed repeated fields, unknown fields and any field order as protobufjs does', () => {
    const series = [
      ...len(3, [...f64(1.5), ...f64(-2)]), // open: packed run
      ...tag(3, 1), ...f64(3.25), // open: one unpacked value, appended
      ...len(3, f64(4)), // open: another packed run
      ...tag(2, 0), ...varint(-5n), // timestamps: unpacked negative int64
      ...len(2, [...varint(1_733_000_000_000n), ...varint(2n ** 60n)]), // packed, one beyond 2^53
      ...tag(15, 0), ...varint(7n), // unknown varint field
      ...len(16, [1, 2, 3]), // unknown length-delimited field
      ...tag(17, 5), 1, 2, 3, 4, // unknown fixed32
      ...tag(18, 1), ...f64(9), // unknown fixed64
      ...tag(19, 3), ...tag(1, 0), 5, ...tag(19, 4), // unknown group
      ...len(1, str('first')), ...len(1, str('AAPL ✓')), // ticker twice: the last wins
      ...tag(8, 1), ...f64(0.125), // ret: unpacked only
    ];
    const other = [...len(1, str('rid')), ...tag(5, 0), ...varint(10n)]; // request_id, horizon_bars
    const model = len(4, len(1, str('garch')));
    // series before, between and after the other fields, and an unknown top-level field
    const buf = Buffer.from([...len(2, series), ...other, ...len(2, []), ...model, ...tag(99, 0), 1, ...len(2, series)]);
    const got = plain(fast(buf)) as any;
    expect(got).toEqual(plain(reference(buf)));
    expect(got.series).toHaveLength(3);
    expect(got.series[0]).toMatchObject({ ticker: 'AAPL ✓', open: [1.5, -2, 3.25, 4], ret: [0.125], close: [] });
    expect(got.series[0].timestampsMs).toEqual([-5, 1_733_000_000_000, 2 ** 60]);
    expect(got.series[1]).toMatchObject({ ticker: '', open: [], timestampsMs: [] });
    expect(got).toMatchObject({ requestId: 'rid', horizonBars: 10, models: [{ name: 'garch' }] });
  });

  it('names the field when the bytes are not a valid Series', () => {
    const bad: [number[], RegExp][] = [
      [len(2, [...tag(3, 2), 12, ...f64(1)]), /series\[0\]\.open: length 12 runs past the end/],
      [len(2, len(6, [1, 2, 3])), /series\[0\]\.close: packed doubles of 3 bytes, not a multiple of 8/],
      [len(2, [...tag(4, 0), 1]), /series\[0\]\.high: wire type 0, expected 1 or 2/],
      [len(2, [...tag(1, 0), 1]), /series\[0\]\.ticker: wire type 0, expected 2/],
      [len(2, [...tag(2, 0), 0x80]), /series\[0\]\.timestamps_ms: truncated varint/],
      [len(2, [...tag(8, 1), 1, 2]), /series\[0\]\.ret: truncated/],
      [[...tag(2, 2), 50, 1, 2], /series\[0\]: length 50 runs past the end/],
    ];
    for (const [bytes, message] of bad) {
      expect(() => splitForecastRequest(Uint8Array.from(bytes))).toThrow(WireError);
      expect(() => splitForecastRequest(Uint8Array.from(bytes))).toThrow(message);
    }
  });

  it('leaves a request without series to protobufjs untouched', () => {
    const buf = encode({ requestId: 'x', arrowIpc: Buffer.from([1, 2, 3]), models: [{ name: 'ewma' }], horizonBars: 3 });
    expect(splitForecastRequest(buf).rest).toBe(buf);
    expect(plain(fast(buf))).toEqual(plain(reference(buf)));
  });
});
