import { describeServiceConformance } from '@carebus/testing';
import { AppModule } from './app.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { loadServiceConfig, SERVICE } from './service';

describeServiceConformance({
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
});
