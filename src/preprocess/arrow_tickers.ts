/**
 * The Arrow ticker column → a group id per row (ids in order of first appearance). Ids, not strings:
 * a string per row is millions of heap references for nothing, since rows only need their group.
 * Accepts utf8, large utf8, utf8 view, or a dictionary of those; a null ticker is ''.
 */
import { DataType, Type, makeVector } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { checkChunk } from './arrow_chunk.js';
import { DecodeError } from './errors.js';

export interface TickerIds {
  /** Ticker of each group id, in order of first appearance. */
  keys: string[];
  groupOfRow: Int32Array;
}

class IdTable {
  readonly keys: string[] = [];
  readonly #ids = new Map<string, number>();
  idOf(key: string): number {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.#ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }
}

function isStringType(type: DataType): boolean {
  return type.typeId === Type.Utf8 || type.typeId === Type.LargeUtf8 || type.typeId === Type.Utf8View;
}

function sameBytes(bytes: Uint8Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

/** Dictionary-encoded: each distinct index is looked up once per chunk. */
function dictionaryChunk(data: Data, ids: IdTable, out: Int32Array, base: number): void {
  const dictionary = data.dictionary!;
  const idOfIndex = new Int32Array(dictionary.length).fill(-1);
  const indices = data.values;
  const hasNulls = data.nullCount > 0; // a getter that may count the bitmap: read it once
  for (let i = 0; i < data.length; i++) {
    if (hasNulls && !data.getValid(i)) {
      out[base + i] = ids.idOf('');
      continue;
    }
    const k = Number(indices[i]);
    if (!(k >= 0 && k < dictionary.length)) throw new DecodeError(`arrow_ipc: column ticker has dictionary index ${k} out of range`);
    let id = idOfIndex[k];
    if (id < 0) id = idOfIndex[k] = ids.idOf((dictionary.get(k) as string | null) ?? '');
    out[base + i] = id;
  }
}

/** Plain utf8: decode only where the bytes change, since tickers come in long runs of equal values. */
function utf8Chunk(data: Data, ids: IdTable, out: Int32Array, base: number): void {
  const decoder = new TextDecoder();
  const bytes = data.values as Uint8Array;
  const offsets = data.valueOffsets as Int32Array | BigInt64Array;
  let prevStart = -1;
  let prevLength = -1;
  let prevId = -1;
  const hasNulls = data.nullCount > 0;
  for (let i = 0; i < data.length; i++) {
    if (hasNulls && !data.getValid(i)) {
      out[base + i] = ids.idOf('');
      prevLength = -1;
      continue;
    }
    const start = Number(offsets[i]);
    const length = Number(offsets[i + 1]) - start;
    if (!(start >= 0 && length >= 0 && start + length <= bytes.length)) throw new DecodeError('arrow_ipc: column ticker has corrupt string offsets');
    if (length !== prevLength || !sameBytes(bytes, start, prevStart, length)) {
      prevId = ids.idOf(decoder.decode(bytes.subarray(start, start + length)));
      prevStart = start;
      prevLength = length;
    }
    out[base + i] = prevId;
  }
}

/** utf8 offsets: one more than the rows (views carry their own lengths and are left to arrow). */
function checkStrings(data: Data): void {
  if (data.typeId !== Type.Utf8View) checkChunk(data, 'ticker', (data.valueOffsets?.length ?? 1) - 1);
}

export function tickerIds(vector: Vector): TickerIds {
  const type = vector.type as DataType;
  const valueType = DataType.isDictionary(type) ? type.dictionary : type;
  if (!isStringType(valueType)) {
    throw new DecodeError(`arrow_ipc: column ticker has type ${String(type)}; expected utf8 or dictionary<utf8>`);
  }
  for (const data of vector.data as Data[]) {
    if (DataType.isDictionary(data.type)) {
      checkChunk(data, 'ticker', data.values.length); // one index per row
      for (const d of data.dictionary?.data ?? []) checkStrings(d);
    } else checkStrings(data);
  }
  const ids = new IdTable();
  const out = new Int32Array(vector.length);
  let base = 0;
  for (const data of vector.data as Data[]) {
    if (DataType.isDictionary(data.type)) dictionaryChunk(data, ids, out, base);
    else if (data.typeId === Type.Utf8View) {
      const chunk = makeVector(data);
      for (let i = 0; i < data.length; i++) out[base + i] = ids.idOf((chunk.get(i) as string | null) ?? '');
    } else utf8Chunk(data, ids, out, base);
    base += data.length;
  }
  return { keys: ids.keys, groupOfRow: out };
}
