/**
 * Reading Arrow int64 buffers without BigInt. Converting each row through a BigInt allocates one
 * heap object per value; on a 4M-row request that garbage was most of the decode time. Instead the
 * buffer is read as little-endian 32-bit words (Arrow IPC is little-endian, as are our targets).
 */

const TWO_32 = 4294967296;

export interface Int64Words {
  lo: Uint32Array;
  /** Signed for int64, unsigned for uint64. */
  hi: Int32Array | Uint32Array;
}

export function int64Words(values: BigInt64Array | BigUint64Array, length: number): Int64Words {
  const at = values.byteOffset;
  const words = new Uint32Array(values.buffer, at, 2 * length);
  const hi = values instanceof BigInt64Array ? new Int32Array(values.buffer, at, 2 * length) : words;
  return { lo: words, hi };
}

/** Value i as a double: exact up to 2^53, correctly rounded beyond (like Number(bigint)). */
export function wordsToNumber(w: Int64Words, i: number): number {
  return w.hi[2 * i + 1] * TWO_32 + w.lo[2 * i];
}

/**
 * Value i divided by `divisor` (≤ 1e6), as Number(v / d) + Number(v % d) / d with BigInt (integer
 * part exact, so whole milliseconds stay whole), by long division over 16-bit limbs: every
 * intermediate stays below 2^53.
 */
export function wordsDivToNumber(w: Int64Words, i: number, divisor: number): number {
  let lo = w.lo[2 * i];
  let hi = w.hi[2 * i + 1] >>> 0;
  const negative = w.hi[2 * i + 1] < 0;
  if (negative) {
    // Two's-complement negation of the 64-bit value: invert both words, add one with carry.
    lo = (~lo + 1) >>> 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
  }
  let quotient = 0;
  let remainder = 0;
  for (const limb of [hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff]) {
    const current = remainder * 65536 + limb;
    const q = Math.floor(current / divisor);
    remainder = current - q * divisor;
    quotient = quotient * 65536 + q;
  }
  const magnitude = quotient + remainder / divisor;
  return negative ? -magnitude : magnitude;
}
