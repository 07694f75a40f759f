/**
 * The edge's fast path for the bulk of a ForecastRequest: its `series` entries (field 2) are read
 * straight from the wire bytes, each packed double column copied into a Float64Array in one
 * memcpy, instead of protobufjs building a JS array per column and `toObject` copying it again
 * (profiled at ~0.5 ms of main-thread CPU per 2,500-point ticker, most of it garbage collection;
 * docs/gpu.md). Every other field of the request is left to protobufjs: the bytes of the other
 * top-level fields are passed on to it unchanged.
 *
 * It accepts what a conforming proto3 parser accepts for tensorcast.v1.Series: packed or unpacked
 * repeated fields (and both mixed, concatenated), fields in any order and repeated, unknown fields
 * (skipped by wire type, groups included); the last `ticker` wins. A wire type that does not fit a
 * known field, a length past the end, or a truncated varint throws a WireError naming the field,
 * which the edge answers as INVALID_ARGUMENT like any undecodable request.
 */
import type { ProtoSeries } from '../preprocess/decode_proto.js';

export class WireError extends Error {}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextDecoder('utf-8');
const TWO_32 = 4294967296;

/** Field numbers of tensorcast.v1.Series; value columns 3..8 in this order. */
const SERIES_TICKER = 1;
const SERIES_TIMESTAMPS = 2;
const VALUE_FIELDS = ['open', 'high', 'low', 'close', 'volume', 'ret'] as const;
const REQUEST_SERIES = 2;

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** A varint as an unsigned 32-bit value (tags, lengths); the upper bytes must still be read. */
  uint32(what: string): number {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) throw new WireError(`${what}: truncated varint`);
      const b = this.buf[this.pos++];
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) return value >>> 0;
    }
    throw new WireError(`${what}: varint longer than 10 bytes`);
  }

  /** A varint as a signed 64-bit integer converted to Number (as protobufjs does with longs: Number). */
  int64(what: string): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError(`${what}: truncated varint`);
      const b = this.buf[this.pos++];
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        lo >>>= 0;
        hi >>>= 0;
        if (hi >>> 31) {
          // two's complement: -(~value + 1)
          const nlo = (~lo + 1) >>> 0;
          const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
          return -(nlo + nhi * TWO_32);
        }
        return lo + hi * TWO_32;
      }
    }
    throw new WireError(`${what}: varint longer than 10 bytes`);
  }

  /** The end of a length-delimited field starting here, checked against the enclosing end. */
  lengthEnd(what: string): number {
    const len = this.uint32(what);
    const end = this.pos + len;
    if (end > this.end) throw new WireError(`${what}: length ${len} runs past the end of the message`);
    return end;
  }

  skip(wire: number, what: string, field: number): void {
    switch (wire) {
      case 0:
        this.uint32(what);
        return;
      case 1:
        this.advance(8, what);
        return;
      case 2:
        this.pos = this.lengthEnd(what);
        return;
      case 3: // a group: skip fields up to its end-group tag
        for (;;) {
          const tag = this.uint32(what);
          if ((tag & 7) === 4) {
            if (tag >>> 3 !== field) throw new WireError(`${what}: mismatched end-group`);
            return;
          }
          this.skip(tag & 7, what, tag >>> 3);
        }
      case 5:
        this.advance(4, what);
        return;
      default:
        throw new WireError(`${what}: invalid wire type ${wire}`);
    }
  }

  advance(n: number, what: string): void {
    if (this.pos + n > this.end) throw new WireError(`${what}: truncated`);
    this.pos += n;
  }
}

/** Doubles of one column: packed chunks and unpacked values, in wire order. */
class DoubleColumn {
  private chunks: Float64Array[] = [];
  private count = 0;

  packed(buf: Uint8Array, start: number, end: number, what: string): void {
    const bytes = end - start;
    if (bytes % 8 !== 0) throw new WireError(`${what}: packed doubles of ${bytes} bytes, not a multiple of 8`);
    const out = new Float64Array(bytes / 8);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(buf.subarray(start, end));
    else {
      const view = new DataView(buf.buffer, buf.byteOffset + start, bytes);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
    }
    this.chunks.push(out);
    this.count += out.length;
  }

  one(buf: Uint8Array, at: number): void {
    const v = new DataView(buf.buffer, buf.byteOffset + at, 8).getFloat64(0, true);
    this.chunks.push(Float64Array.of(v));
    this.count += 1;
  }

  result(): Float64Array {
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Float64Array(this.count);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function decodeSeries(buf: Uint8Array, start: number, end: number, index: number): ProtoSeries {
  const r = new Reader(buf, start, end);
  let ticker = '';
  const timestamps: number[] = [];
  const columns = VALUE_FIELDS.map(() => new DoubleColumn());
  while (r.pos < end) {
    const tag = r.uint32(`series[${index}]: tag`);
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === SERIES_TICKER) {
      if (wire !== 2) throw new WireError(`series[${index}].ticker: wire type ${wire}, expected 2`);
      const e = r.lengthEnd(`series[${index}].ticker`);
      ticker = utf8.decode(buf.subarray(r.pos, e));
      r.pos = e;
    } else if (field === SERIES_TIMESTAMPS) {
      const what = `series[${index}].timestamps_ms`;
      if (wire === 2) {
        const e = r.lengthEnd(what);
        const inner = new Reader(buf, r.pos, e);
        while (inner.pos < e) timestamps.push(inner.int64(what));
        r.pos = e;
      } else if (wire === 0) timestamps.push(r.int64(what));
      else throw new WireError(`${what}: wire type ${wire}, expected 0 or 2`);
    } else if (field >= 3 && field <= 8) {
      const name = VALUE_FIELDS[field - 3];
      const what = `series[${index}].${name}`;
      if (wire === 2) {
        const e = r.lengthEnd(what);
        columns[field - 3].packed(buf, r.pos, e, what);
        r.pos = e;
      } else if (wire === 1) {
        const at = r.pos;
        r.advance(8, what);
        columns[field - 3].one(buf, at);
      } else throw new WireError(`${what}: wire type ${wire}, expected 1 or 2`);
    } else {
      if (field === 0) throw new WireError(`series[${index}]: field number 0`);
      r.skip(wire, `series[${index}]: field ${field}`, field);
    }
  }
  const out = { ticker, timestampsMs: Float64Array.from(timestamps) } as Record<string, unknown>;
  VALUE_FIELDS.forEach((name, i) => (out[name] = columns[i].result()));
  return out as unknown as ProtoSeries;
}

/**
 * ForecastRequest bytes → its series (decoded here) and the bytes of every other field, in their
 * order, for protobufjs to decode (`rest` is `buf` itself when the request has no series).
 */
export function splitForecastRequest(buf: Uint8Array): { series: ProtoSeries[]; rest: Uint8Array } {
  const r = new Reader(buf, 0, buf.length);
  const series: ProtoSeries[] = [];
  const restParts: [number, number][] = [];
  while (r.pos < buf.length) {
    const tagStart = r.pos;
    const tag = r.uint32('request: tag');
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === REQUEST_SERIES && wire === 2) {
      const e = r.lengthEnd(`series[${series.length}]`);
      series.push(decodeSeries(buf, r.pos, e, series.length));
      r.pos = e;
    } else {
      if (field === 0) throw new WireError('request: field number 0');
      r.skip(wire, `request: field ${field}`, field);
      const last = restParts[restParts.length - 1];
      if (last && last[1] === tagStart) last[1] = r.pos;
      else restParts.push([tagStart, r.pos]);
    }
  }
  if (series.length === 0) return { series, rest: buf };
  const size = restParts.reduce((n, [a, b]) => n + b - a, 0);
  const rest = new Uint8Array(size);
  let at = 0;
  for (const [a, b] of restParts) {
    rest.set(buf.subarray(a, b), at);
    at += b - a;
  }
  return { series, rest };
}
