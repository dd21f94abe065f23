import './instrument';
import { bootstrapService } from '@carebus/platform';
import { AppModule } from './app.module';
import { loadServiceConfig, SERVICE } from './service';

void bootstrapService(
  SERVICE.name,
  () => loadServiceConfig(),
  (config) => AppModule.forRoot(config),
);
