import { join } from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_ROOT } from '../src/grpc/grpc-transport';

type StreamCall = (
  req: object,
  md: Metadata,
) => {
  on(event: string, listener: (arg: never) => void): void;
  cancel(): void;
};
type Unary = (req: object, md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => void;

export interface GrpcReply<T = Record<string, unknown>> {
  ok: boolean;
  /** gRPC status code; 0 when ok. */
  code: number;
  /** The stable Carebus code from the `error-code` trailer. */
  errorCode?: string;
  body?: T;
}

/** A real gRPC client of carebus.scheduling.v1.SchedulingService over a socket. */
export class SchedulingGrpcClient {
  private readonly client: Record<string, Unary> & { close(): void };

  constructor(address: string) {
    const definition = loadSync(join(PROTO_ROOT, 'carebus/scheduling/v1/scheduling_service.proto'), {
      includeDirs: [PROTO_ROOT],
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      carebus: {
        scheduling: {
          v1: { SchedulingService: new (a: string, c: unknown) => SchedulingGrpcClient['client'] };
        };
      };
    };
    this.client = new pkg.carebus.scheduling.v1.SchedulingService(address, credentials.createInsecure());
  }

  call<T = Record<string, unknown>>(method: string, request: object, token?: string): Promise<GrpcReply<T>> {
    const md = new Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    return new Promise((resolve) => {
      this.client[method]!.call(this.client, request, md, (err, res) => {
        if (err) {
          const errorCode = err.metadata?.get('error-code')[0];
          resolve({ ok: false, code: err.code, ...(typeof errorCode === 'string' ? { errorCode } : {}) });
        } else resolve({ ok: true, code: 0, body: res as T });
      });
    });
  }

  /** Opens a server stream; messages collect in `received` until `cancel()`. */
  stream<T = Record<string, unknown>>(method: string, request: object, token?: string) {
    const md = new Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    const call = (this.client[method] as unknown as StreamCall).call(this.client, request, md);
    const received: T[] = [];
    const errors: ServiceError[] = [];
    call.on('data', (message: T) => received.push(message));
    call.on('error', (error: ServiceError) => errors.push(error));
    return { received, errors, cancel: () => call.cancel() };
  }

  close(): void {
    this.client.close();
  }
}

export const timestamp = (iso: string) => {
  const ms = new Date(iso).getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
};
