import { join } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { packageRoot } from '../core/paths.js';
import { splitForecastRequest } from './series_wire.js';
import { InvalidArgument } from './status.js';

export const PROTO_FILE = 'tensorcast/v1/forecast.proto';
export const SERVICE_NAME = 'tensorcast.v1.ForecastService';

/** Decoding options shared by server, clients and tests: camelCase fields, int64 as Number, enums as names. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  oneofs: true,
  includeDirs: [],
};

export function loadProto(): protoLoader.PackageDefinition {
  const root = join(packageRoot(), 'proto');
  return protoLoader.loadSync(join(root, PROTO_FILE), { ...LOADER_OPTIONS, includeDirs: [root] });
}

/** A typed-enough handle to the generated client constructor, for the CLI demo and tests. */
export function clientConstructor(def = loadProto()): any {
  const pkg = loadPackageDefinition(def) as any;
  return pkg.tensorcast.v1.ForecastService;
}

export const OVERSIZE_BYTES = Symbol('oversizeBytes');
export const DECODE_MS = Symbol('decodeMs');
/** Set instead of the fields when the bytes are not a valid protobuf message of the request type. */
export const MALFORMED = Symbol('malformed');

/** The request as decoded at the edge, with what the edge found; absent symbols: decoded normally. */
export type EdgeDecoded = { [OVERSIZE_BYTES]?: number; [DECODE_MS]?: number; [MALFORMED]?: string };

/**
 * Why the edge refuses a request before validation, or undefined. grpc-js would answer a decode
 * failure INTERNAL ("Error deserializing request"), but bytes that are not the request message are
 * the sender's error: INVALID_ARGUMENT with the decoder's reason.
 */
export function edgeRejection(req: EdgeDecoded, maxMessageBytes: number): InvalidArgument | undefined {
  const oversize = req[OVERSIZE_BYTES];
  if (oversize !== undefined) return new InvalidArgument(`request is ${oversize} bytes, over server.maxMessageBytes=${maxMessageBytes}`);
  const malformed = req[MALFORMED];
  if (malformed !== undefined) return new InvalidArgument(`request is not a valid protobuf message: ${malformed}`);
  return undefined;
}

/** Methods whose request is a ForecastRequest: their series take the fast path (series_wire.ts). */
const FORECAST_REQUEST_METHODS = new Set(['Forecast', 'ForecastStream']);

/** ForecastRequest bytes → the decoded request: series by series_wire.ts, the rest by protobufjs. */
export function forecastRequestDecoder(decode: (buf: Buffer) => unknown): (buf: Buffer) => unknown {
  return (buf: Buffer) => {
    const { series, rest } = splitForecastRequest(buf);
    const msg = decode(rest === buf ? buf : Buffer.from(rest.buffer, rest.byteOffset, rest.byteLength)) as { series?: unknown[] };
    if (series.length > 0) msg.series = series;
    return msg;
  };
}

/**
 * Wraps the request deserializers so that (a) a request over maxMessageBytes is not decoded at all and
 * the handler can answer INVALID_ARGUMENT naming the limit, (b) bytes that do not decode reach the
 * handler as MALFORMED (INVALID_ARGUMENT, not grpc-js's INTERNAL), and (c) decode time is measured.
 */
export function serviceWithEdgeDecoding(def: protoLoader.PackageDefinition, maxMessageBytes: number): ServiceDefinition {
  const service = def[SERVICE_NAME] as unknown as ServiceDefinition;
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    const decode = FORECAST_REQUEST_METHODS.has(name) ? forecastRequestDecoder(method.requestDeserialize) : method.requestDeserialize;
    wrapped[name] = {
      ...method,
      requestDeserialize: (buf: Buffer) => {
        if (buf.length > maxMessageBytes) return { [OVERSIZE_BYTES]: buf.length };
        const t0 = performance.now();
        let msg: Record<symbol, unknown>;
        try {
          msg = decode(buf) as Record<symbol, unknown>;
        } catch (err) {
          return { [MALFORMED]: err instanceof Error ? err.message : String(err) };
        }
        msg[DECODE_MS] = performance.now() - t0;
        return msg;
      },
    };
  }
  return wrapped as ServiceDefinition;
}
