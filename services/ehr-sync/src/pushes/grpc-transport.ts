import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { loadSync } from '@grpc/proto-loader';

/** proto/ of the repository (src/pushes and dist/pushes are both four levels below it). */
export const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../../proto');
export const PUSH_PROTO = 'carebus/ehrsync/v1/ehr_push_service.proto';

/** Serves `carebus.ehrsync.v1.EhrPushService` over the NestJS gRPC transport on its own port. */
export function connectPushGrpc(app: INestApplication, port: number, host = '0.0.0.0'): void {
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        package: 'carebus.ehrsync.v1',
        packageDefinition: loadSync(join(PROTO_ROOT, PUSH_PROTO), {
          includeDirs: [PROTO_ROOT],
          longs: String,
          enums: String,
          defaults: true,
          oneofs: true,
        }),
        url: `${host}:${port}`,
      },
    },
    { inheritAppConfig: true },
  );
}
