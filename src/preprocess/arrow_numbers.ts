/**
 * Arrow numeric and time columns → whole-table Float64Array, reading each chunk's buffers directly
 * (no per-row Vector.get dispatch, no BigInt) because requests carry millions of rows. Nulls become
 * NaN (missing).
 */
import { DataType, DateUnit, Precision, TimeUnit, Type, util } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { checkChunk } from './arrow_chunk.js';
import { DecodeError } from './errors.js';
import { int64Words, wordsDivToNumber, wordsToNumber } from './int64.js';

/** Reads value i of one chunk as a double. */
type ChunkReader = (i: number) => number;
type ReaderFactory = (data: Data) => ChunkReader;

const MS_PER_DAY = 86_400_000;

const direct: ReaderFactory = (data) => {
  const v = data.values as ArrayLike<number>;
  return (i) => v[i];
};
const int64: ReaderFactory = (data) => {
  const w = int64Words(data.values, data.length);
  return (i) => wordsToNumber(w, i);
};
const scaled = (factor: number): ReaderFactory => (data) => {
  const w = int64Words(data.values, data.length);
  return (i) => wordsToNumber(w, i) * factor;
};
const divided = (divisor: number): ReaderFactory => (data) => {
  const w = int64Words(data.values, data.length);
  return (i) => wordsDivToNumber(w, i, divisor);
};

/** Any Int or Float (16/32/64); 64-bit integers above 2^53 round, as any float64 would. */
function numericReader(type: DataType, column: string): ReaderFactory {
  if (DataType.isInt(type)) return type.bitWidth === 64 ? int64 : direct;
  if (DataType.isFloat(type)) {
    if (type.precision !== Precision.HALF) return direct;
    return (data) => {
      const v = data.values as Uint16Array;
      return (i) => util.uint16ToFloat64(v[i]);
    };
  }
  throw new DecodeError(`arrow_ipc: column ${column} has type ${String(type)}; expected a numeric type`);
}

/** Timestamp (any unit), Date, or a plain number meaning epoch ms. */
function timeReader(type: DataType): ReaderFactory {
  if (DataType.isTimestamp(type)) {
    switch (type.unit) {
      case TimeUnit.SECOND: return scaled(1000);
      case TimeUnit.MILLISECOND: return int64;
      // Integer division first so sub-ms units keep whole milliseconds exact beyond 2^53 ns.
      case TimeUnit.MICROSECOND: return divided(1000);
      case TimeUnit.NANOSECOND: return divided(1_000_000);
    }
  }
  if (DataType.isDate(type)) {
    if (type.unit !== DateUnit.DAY) return int64;
    return (data) => {
      const v = data.values as Int32Array;
      return (i) => v[i] * MS_PER_DAY;
    };
  }
  if (DataType.isInt(type) || DataType.isFloat(type)) return numericReader(type, 'timestamp');
  throw new DecodeError(`arrow_ipc: column timestamp has type ${String(type)}; expected Timestamp, Date or epoch ms as a number`);
}

function fillColumn(vector: Vector, column: string, reader: ReaderFactory): Float64Array {
  for (const data of vector.data as Data[]) checkChunk(data, column, data.values?.length ?? 0);
  const out = new Float64Array(vector.length);
  let base = 0;
  for (const data of vector.data as Data[]) {
    if (DataType.isFloat(data.type) && data.type.precision === Precision.DOUBLE) {
      out.set((data.values as Float64Array).subarray(0, data.length), base);
    } else {
      const read = reader(data);
      for (let i = 0; i < data.length; i++) out[base + i] = read(i);
    }
    if (data.nullCount > 0) {
      for (let i = 0; i < data.length; i++) if (!data.getValid(i)) out[base + i] = NaN;
    }
    base += data.length;
  }
  return out;
}

export function valueColumnToFloat64(vector: Vector, column: string): Float64Array {
  return fillColumn(vector, column, numericReader(vector.type, column));
}

export function timeColumnToMs(vector: Vector): Float64Array {
  return fillColumn(vector, 'timestamp', timeReader(vector.type));
}
