import { join } from 'node:path';
import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_ROOT, PUSH_PROTO } from '../src/pushes/grpc-transport';

type Unary = (req: object, md: Metadata, cb: (err: ServiceError | null, res: unknown) => void) => void;

export interface PushReply {
  ok: boolean;
  /** gRPC status code; 0 when ok. */
  code: number;
  /** The stable Carebus code from the `error-code` trailer. */
  errorCode?: string;
  body?: { duplicate: boolean; imported: boolean };
}

/** An EHR vendor's client of carebus.ehrsync.v1.EhrPushService over a real socket. */
export class EhrPushClient {
  private readonly client: { PushChange: Unary; close(): void };

  constructor(address: string) {
    const definition = loadSync(join(PROTO_ROOT, PUSH_PROTO), {
      includeDirs: [PROTO_ROOT],
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      carebus: {
        ehrsync: { v1: { EhrPushService: new (a: string, c: unknown) => EhrPushClient['client'] } };
      };
    };
    this.client = new pkg.carebus.ehrsync.v1.EhrPushService(address, credentials.createInsecure());
  }

  push(request: object, token?: string): Promise<PushReply> {
    const md = new Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    return new Promise((resolve) => {
      this.client.PushChange.call(this.client, request, md, (err, res) => {
        if (err) {
          const errorCode = err.metadata?.get('error-code')[0];
          resolve({ ok: false, code: err.code, ...(typeof errorCode === 'string' ? { errorCode } : {}) });
        } else resolve({ ok: true, code: 0, body: res as PushReply['body'] });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

/** google.protobuf.Timestamp of a date, as proto-loader takes it. */
export const timestamp = (d: Date) => ({ seconds: String(Math.floor(d.getTime() / 1000)), nanos: 0 });
