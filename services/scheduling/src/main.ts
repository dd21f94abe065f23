import './instrument';
import { bootstrapService } from '@carebus/platform';
import { AppModule } from './app.module';
import { connectGrpc } from './grpc/grpc-transport';
import { loadServiceConfig, SERVICE } from './service';

void bootstrapService(
  SERVICE.name,
  () => loadServiceConfig(),
  (config) => AppModule.forRoot(config),
  (app, config) => connectGrpc(app, config.GRPC_PORT),
);
