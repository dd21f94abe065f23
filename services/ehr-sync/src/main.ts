import './instrument';
import { bootstrapService } from '@carebus/platform';
import { AppModule } from './app.module';
import { connectPushGrpc } from './pushes/grpc-transport';
import { loadServiceConfig, SERVICE } from './service';

void bootstrapService(
  SERVICE.name,
  () => loadServiceConfig(),
  (config) => AppModule.forRoot(config),
  (app, config) => connectPushGrpc(app, config.GRPC_PORT),
);
