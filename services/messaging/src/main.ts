import './instrument';
import { bootstrapService } from '@carebus/platform';
import { AppModule } from './app.module';
import { connectPortalGrpc } from './portal/portal-grpc-transport';
import { loadServiceConfig, SERVICE } from './service';

void bootstrapService(
  SERVICE.name,
  () => loadServiceConfig(),
  (config) => AppModule.forRoot(config),
  (app, config) =>
    connectPortalGrpc(
      app,
      config.GRPC_PORT,
      '0.0.0.0',
      config.GRPC_TLS_CERT_FILE && config.GRPC_TLS_KEY_FILE
        ? { certFile: config.GRPC_TLS_CERT_FILE, keyFile: config.GRPC_TLS_KEY_FILE }
        : undefined,
    ),
);
