import { credentials, type Client } from '@grpc/grpc-js';
import { clientConstructor } from '../server/proto.js';

/** A promise-returning ForecastService client over grpc-js, used by the demo, tests and benches. */
export class ForecastClient {
  readonly raw: Client & Record<string, any>;

  /** `channelOptions` are further grpc-js channel options (the soak asks for a connection of its own). */
  constructor(address: string, maxMessageBytes = 256 * 1024 * 1024, channelOptions: Record<string, string | number> = {}) {
    const Ctor = clientConstructor();
    this.raw = new Ctor(address, credentials.createInsecure(), {
      'grpc.max_send_message_length': maxMessageBytes,
      'grpc.max_receive_message_length': maxMessageBytes,
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
