import type { Data } from 'apache-arrow';
import { DecodeError } from './errors.js';

/**
 * A record batch's row count and null count come from its metadata, independently of the buffers
 * that hold the values; a corrupt count must not make us read past them (or allocate for it).
 */
export function checkChunk(data: Data, column: string, valueCount: number): void {
  if (valueCount < data.length) {
    throw new DecodeError(`arrow_ipc: column ${column} claims ${data.length} rows but holds ${valueCount} values`);
  }
  if (data.nullCount > 0 && (data.nullBitmap?.length ?? 0) * 8 < data.offset + data.length) {
    throw new DecodeError(`arrow_ipc: column ${column} has nulls but no validity bitmap to match`);
  }
}
