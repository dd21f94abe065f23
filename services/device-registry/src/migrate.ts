import { migrateService } from '@carebus/platform';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { loadMigrationConfig, SERVICE } from './service';

void migrateService(SERVICE.name, () => loadMigrationConfig(), {
  schema: SERVICE.schema,
  entities: ENTITIES,
  migrations: MIGRATIONS,
});
