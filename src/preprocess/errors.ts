/**
 * Errors that leave the preprocessing layer. Decoding problems are the sender's fault and become
 * INVALID_ARGUMENT at the edge; pool errors carry the gRPC code name the server should answer with.
 */

/** Bytes or text that cannot be decoded (corrupt Arrow IPC, a bad CSV cell). The message is user-facing. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

export type PoolErrorCode = 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'INTERNAL';

/** Rejection of PreprocessPool.prepare; `code` is a gRPC status code name. */
export class PoolError extends Error {
  override name = 'PoolError';
  readonly code: PoolErrorCode;

  constructor(code: PoolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
