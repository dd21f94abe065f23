import { migrateService } from '@carebus/platform';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { loadServiceConfig, SERVICE } from './service';

void migrateService(SERVICE.name, () => loadServiceConfig(), {
  schema: SERVICE.schema,
  entities: ENTITIES,
  migrations: MIGRATIONS,
});
