import { migrateService } from '@carebus/platform';
import { MIGRATIONS } from './persistence/migrations';
import { loadServiceConfig, SERVICE } from './service';

void migrateService(SERVICE.name, () => loadServiceConfig(), {
  schema: SERVICE.schema,
  entities: [],
  migrations: MIGRATIONS,
});
