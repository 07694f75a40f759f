import { createHash } from 'node:crypto';

/**
 * Digest of the first `n` values of a series (their IEEE-754 bytes): a cached state is reused only
 * when the request's series starts with exactly the values the state was computed from, whatever
 * the client claims. SHA-256 truncated to 128 bits: collisions are not a practical concern here.
 */
export function prefixDigest(values: Float64Array, n: number): string {
  const bytes = Buffer.from(values.buffer, values.byteOffset, Math.min(n, values.length) * 8);
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}
