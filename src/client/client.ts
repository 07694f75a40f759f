import { credentials, InterceptingCall, type Client, type Interceptor } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { clientConstructor } from '../server/proto.js';

/** How the client reaches a server that has security.tls and/or API keys on (docs/security.md). */
export interface ClientSecurity {
  /** Connect with TLS, trusting this CA bundle (PEM path); null/absent with tls: the system roots. */
  caPath?: string;
  /** Client certificate and key (PEM paths) for mTLS. */
  certPath?: string;
  keyPath?: string;
  /** TLS even without caPath (system roots). */
  tls?: boolean;
  /** Sent as x-api-key on every call. */
  apiKey?: string;
  /** TLS server name to check, when the address is not in the certificate (e.g. 127.0.0.1). */
  serverName?: string;
}

function apiKeyInterceptor(apiKey: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('x-api-key', apiKey);
        next(metadata, listener);
      },
    });
}

/** A promise-returning ForecastService client over grpc-js, used by the demo, tests and benches. */
export class ForecastClient {
  readonly raw: Client & Record<string, any>;

  /** `channelOptions` are further grpc-js channel options (the soak asks for a connection of its own). */
  constructor(
    address: string,
    maxMessageBytes = 256 * 1024 * 1024,
    security: ClientSecurity = {},
    channelOptions: Record<string, string | number> = {},
  ) {
    const Ctor = clientConstructor();
    const useTls = security.tls || security.caPath !== undefined || security.certPath !== undefined;
    const read = (p: string | undefined) => (p === undefined ? null : readFileSync(p));
    const creds = useTls ? credentials.createSsl(read(security.caPath), read(security.keyPath), read(security.certPath)) : credentials.createInsecure();
    this.raw = new Ctor(address, creds, {
      'grpc.max_send_message_length': maxMessageBytes,
      'grpc.max_receive_message_length': maxMessageBytes,
      ...(security.serverName ? { 'grpc.ssl_target_name_override': security.serverName, 'grpc.default_authority': security.serverName } : {}),
      ...(security.apiKey ? { interceptors: [apiKeyInterceptor(security.apiKey)] } : {}),
      ...channelOptions,
    });
  }

  forecast(request: object, deadlineMs = 60_000): Promise<any> {
    return new Promise((ok, fail) =>
      this.raw.Forecast(request, { deadline: Date.now() + deadlineMs }, (err: Error | null, res: unknown) =>
        err ? fail(err) : ok(res),
      ),
    );
  }

  /** A ForecastRequest serialized once (protobuf bytes), to send later with `forecastEncoded`. */
  encodeForecast(request: object): Buffer {
    return this.raw.Forecast.requestSerialize(request);
  }

  /**
   * Forecast with a request `encodeForecast` made: the call sends the bytes as they are, so the
   * caller's serialization stays out of the call (benches time the server this way; a caller that
   * re-sends one payload pays for its encoding once). The response is decoded as in `forecast`.
   */
  forecastEncoded(encoded: Buffer, deadlineMs = 60_000): Promise<any> {
    const method = this.raw.Forecast;
    return new Promise((ok, fail) =>
      this.raw.makeUnaryRequest(method.path, (b: Buffer) => b, method.responseDeserialize, encoded, { deadline: Date.now() + deadlineMs },
        (err: Error | null, res: unknown) => (err ? fail(err) : ok(res)),
      ),
    );
  }

  evaluate(request: object, deadlineMs = 120_000): Promise<any> {
    return new Promise((ok, fail) =>
      this.raw.Evaluate(request, { deadline: Date.now() + deadlineMs }, (err: Error | null, res: unknown) =>
        err ? fail(err) : ok(res),
      ),
    );
  }

  capabilities(): Promise<any> {
    return new Promise((ok, fail) =>
      this.raw.GetCapabilities({}, (err: Error | null, res: unknown) => (err ? fail(err) : ok(res))),
    );
  }

  close(): void {
    this.raw.close();
  }
}
