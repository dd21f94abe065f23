import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerCredentials } from '@grpc/grpc-js';
import type { INestApplication } from '@nestjs/common';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { loadSync } from '@grpc/proto-loader';
import { tolerateUnreadableRequests } from './unreadable-request';

/** proto/ of the repository (src/portal and dist/portal are both four levels below it). */
export const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../../proto');
export const PORTAL_PARTNER_PROTO = 'carebus/messaging/v1/portal_partner_service.proto';

/** PEM files of the gRPC server's certificate (chain) and key, e.g. a mounted kubernetes.io/tls Secret. */
export interface GrpcTls {
  certFile: string;
  keyFile: string;
}

/**
 * Serves `carebus.messaging.v1.PortalPartnerService` over the NestJS gRPC transport on its own
 * port, over TLS when `tls` names a certificate (the portal then connects with TLS; no client
 * certificate).
 */
export function connectPortalGrpc(
  app: INestApplication,
  port: number,
  host = '0.0.0.0',
  tls?: GrpcTls,
): void {
  const credentials = tls
    ? ServerCredentials.createSsl(
        null,
        [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
        false,
      )
    : undefined;
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        package: 'carebus.messaging.v1',
        packageDefinition: tolerateUnreadableRequests(
          loadSync(join(PROTO_ROOT, PORTAL_PARTNER_PROTO), {
            includeDirs: [PROTO_ROOT],
            longs: String,
            enums: String,
            defaults: true,
            oneofs: true,
          }),
        ),
        url: `${host}:${port}`,
        ...(credentials ? { credentials } : {}),
      },
    },
    { inheritAppConfig: true },
  );
}
