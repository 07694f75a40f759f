/**
 * Bounds checks on Arrow IPC stream framing and message metadata, run before apache-arrow sees the
 * bytes. The Arrow JS reader trusts flatbuffer vector lengths (fields, children, nodes, buffers,
 * custom metadata) and loops over them, so one corrupt length byte makes it allocate until the heap
 * is exhausted (measured: 2–4 GB and ~50 s for a 960-byte request). Here every such length is
 * checked against the bytes that would hold it, with a minimal flatbuffer reader (no dependency).
 */
import { DecodeError } from './errors.js';

/** Read-only flatbuffer access that refuses any position outside the buffer. */
class FlatView {
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  #at(pos: number, size: number): number {
    if (!Number.isInteger(pos) || pos < 0 || pos + size > this.bytes.length) throw new DecodeError('arrow_ipc: corrupt message metadata');
    return pos;
  }
  u8(pos: number): number { return this.#view.getUint8(this.#at(pos, 1)); }
  u16(pos: number): number { return this.#view.getUint16(this.#at(pos, 2), true); }
  i32(pos: number): number { return this.#view.getInt32(this.#at(pos, 4), true); }
  u32(pos: number): number { return this.#view.getUint32(this.#at(pos, 4), true); }
  i64(pos: number): number { return Number(this.#view.getBigInt64(this.#at(pos, 8), true)); }

  /** Position of field `index` of the table at `table`, or −1 when absent. */
  field(table: number, index: number): number {
    const vtable = this.#at(table - this.i32(table), 4);
    const slot = 4 + 2 * index;
    if (slot >= this.u16(vtable)) return -1;
    const offset = this.u16(vtable + slot);
    return offset === 0 ? -1 : table + offset;
  }
  /** Follows the offset stored in field `index` (a table, vector or string), or −1. */
  ref(table: number, index: number): number {
    const at = this.field(table, index);
    return at < 0 ? -1 : this.#at(at + this.u32(at), 4);
  }
  /** Length of the vector in field `index`, checked to fit `elementBytes` per element; 0 when absent. */
  vectorLength(table: number, index: number, elementBytes: number): number {
    const vector = this.ref(table, index);
    if (vector < 0) return 0;
    const length = this.u32(vector);
    this.#at(vector + 4, length * elementBytes);
    return length;
  }
  /** Table i of a vector of tables in field `index`. */
  vectorTable(table: number, index: number, i: number): number {
    const element = this.ref(table, index) + 4 + 4 * i;
    return this.#at(element + this.u32(element), 4);
  }
}

const enum Header { Schema = 1, DictionaryBatch = 2, RecordBatch = 3 }
const OFFSET = 4; // bytes per element of a vector of tables or strings
const STRUCT16 = 16; // FieldNode and Buffer structs
const MAX_FIELD_DEPTH = 64;

function checkKeyValues(fb: FlatView, table: number, index: number): void {
  const n = fb.vectorLength(table, index, OFFSET);
  for (let i = 0; i < n; i++) {
    const kv = fb.vectorTable(table, index, i);
    fb.vectorLength(kv, 0, 1);
    fb.vectorLength(kv, 1, 1);
  }
}

// Field: name 0, nullable 1, type_type 2, type 3, dictionary 4, children 5, custom_metadata 6.
function checkField(fb: FlatView, field: number, depth: number): void {
  if (depth > MAX_FIELD_DEPTH) throw new DecodeError('arrow_ipc: schema nests too deep');
  fb.vectorLength(field, 0, 1);
  const typeType = fb.field(field, 2) < 0 ? 0 : fb.u8(fb.field(field, 2));
  const type = fb.ref(field, 3);
  if (typeType === 14 && type >= 0) fb.vectorLength(type, 1, 4); // Union.typeIds
  const children = fb.vectorLength(field, 5, OFFSET);
  for (let i = 0; i < children; i++) checkField(fb, fb.vectorTable(field, 5, i), depth + 1);
  checkKeyValues(fb, field, 6);
}

// RecordBatch: length 0, nodes 1, buffers 2, compression 3, variadicBufferCounts 4.
function checkRecordBatch(fb: FlatView, batch: number): void {
  fb.vectorLength(batch, 1, STRUCT16);
  fb.vectorLength(batch, 2, STRUCT16);
  fb.vectorLength(batch, 4, 8);
}

/** Message: version 0, header_type 1, header 2, bodyLength 3, custom_metadata 4. Returns bodyLength. */
function checkMessage(fb: FlatView, first: boolean): number {
  const root = fb.u32(0);
  const headerTypeAt = fb.field(root, 1);
  const headerType = headerTypeAt < 0 ? 0 : fb.u8(headerTypeAt);
  const header = fb.ref(root, 2);
  if (header < 0 || headerType < Header.Schema || headerType > Header.RecordBatch) {
    throw new DecodeError(`arrow_ipc: unexpected message type ${headerType}`);
  }
  if (first !== (headerType === Header.Schema)) throw new DecodeError('arrow_ipc: the stream must start with one schema message');
  if (headerType === Header.Schema) {
    const fields = fb.vectorLength(header, 1, OFFSET);
    for (let i = 0; i < fields; i++) checkField(fb, fb.vectorTable(header, 1, i), 0);
    checkKeyValues(fb, header, 2);
  } else if (headerType === Header.RecordBatch) {
    checkRecordBatch(fb, header);
  } else {
    const data = fb.ref(header, 1); // DictionaryBatch.data
    if (data >= 0) checkRecordBatch(fb, data);
  }
  checkKeyValues(fb, root, 4);
  const bodyAt = fb.field(root, 3);
  return bodyAt < 0 ? 0 : fb.i64(bodyAt);
}

/**
 * Walks the stream's messages: [0xFFFFFFFF][int32 metadata length][metadata][body]… up to the
 * end-of-stream marker. Throws DecodeError on anything out of bounds, including a stream that
 * stops before the marker (cut between record batches, it would otherwise parse and lose rows).
 */
export function checkArrowStream(bytes: Uint8Array): void {
  const frame = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  for (let index = 0; ; index++) {
    if (pos + 8 > bytes.length) {
      throw new DecodeError('arrow_ipc: stream ends without the end-of-stream marker (truncated, or the writer was not closed)');
    }
    if (frame.getInt32(pos, true) !== -1) {
      throw new DecodeError(`arrow_ipc: expected a message at byte ${pos} (not an Arrow IPC stream, or corrupt)`);
    }
    const metadataLength = frame.getInt32(pos + 4, true);
    if (metadataLength === 0) return; // end-of-stream marker
    const metadataAt = pos + 8;
    if (metadataLength < 0 || metadataAt + metadataLength > bytes.length) {
      throw new DecodeError(`arrow_ipc: message ${index} is truncated`);
    }
    const bodyLength = checkMessage(new FlatView(bytes.subarray(metadataAt, metadataAt + metadataLength)), index === 0);
    pos = metadataAt + metadataLength + bodyLength;
    if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || pos > bytes.length) {
      throw new DecodeError(`arrow_ipc: message ${index} body is truncated`);
    }
  }
}
