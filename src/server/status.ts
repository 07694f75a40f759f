import { status as Status, Metadata, type ServiceError } from '@grpc/grpc-js';

/** An error that is already a gRPC status: code, a message the user can act on, optional metadata. */
export class StatusError extends Error {
  constructor(
    readonly code: Status,
    message: string,
    readonly metadata?: Metadata,
  ) {
    super(message);
    this.name = 'StatusError';
  }
}

export class InvalidArgument extends StatusError {
  constructor(message: string) {
    super(Status.INVALID_ARGUMENT, message);
  }
}

/** The one place anything thrown becomes a status: known codes pass through, the rest are INTERNAL. */
export function toServiceError(err: unknown): Partial<ServiceError> & { code: Status; details: string } {
  if (err instanceof StatusError) {
    return { code: err.code, details: err.message, metadata: err.metadata ?? new Metadata() };
  }
  const code = (err as { code?: unknown })?.code;
  if (code === 'RESOURCE_EXHAUSTED') {
    const md = new Metadata();
    md.set('retry-after-ms', '100');
    return { code: Status.RESOURCE_EXHAUSTED, details: `server busy: ${(err as Error).message}; retry later`, metadata: md };
  }
  // A crashed preprocessing worker or a closed pool (PoolError): retryable, so not INTERNAL.
  if (code === 'UNAVAILABLE') {
    return { code: Status.UNAVAILABLE, details: (err as Error).message, metadata: new Metadata() };
  }
  return { code: Status.INTERNAL, details: `internal error: ${(err as Error)?.message ?? String(err)}`, metadata: new Metadata() };
}

export function statusName(code: Status): string {
  return Status[code] ?? String(code);
}
