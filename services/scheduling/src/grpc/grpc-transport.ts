import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { loadSync } from '@grpc/proto-loader';
import { tolerateUnreadableRequests } from './unreadable-request';

/** proto/ of the repository (src/grpc and dist/grpc are both four levels below it). */
export const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../../proto');

/** Serves `carebus.scheduling.v1.SchedulingService` over the NestJS gRPC transport on its own port. */
export function connectGrpc(app: INestApplication, port: number, host = '0.0.0.0'): void {
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        package: 'carebus.scheduling.v1',
        packageDefinition: tolerateUnreadableRequests(
          loadSync(join(PROTO_ROOT, 'carebus/scheduling/v1/scheduling_service.proto'), {
            includeDirs: [PROTO_ROOT],
            longs: String,
            enums: String,
            defaults: true,
            oneofs: true,
          }),
        ),
        url: `${host}:${port}`,
      },
    },
    { inheritAppConfig: true },
  );
}
