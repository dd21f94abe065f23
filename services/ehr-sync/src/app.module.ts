import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type Clock } from '@carebus/platform';
import { ConnectionsModule } from './connections/connections.module';
import { EHR_SYNC_CONSTRAINT_ERRORS } from './ehr-sync.errors';
import { KeyVaultModule } from './key-vault/key-vault.module';
import { MappingsModule } from './mappings/mappings.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type EhrSyncConfig } from './service';
import { PushesModule } from './pushes/pushes.module';
import { SyncRunsModule } from './sync-runs/sync-runs.module';
import { WriteBackModule } from './write-back/write-back.module';

/** What a test may bring: its clock. */
export interface AppOverrides {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: EhrSyncConfig, overrides: AppOverrides = {}): DynamicModule {
    const keyVault = KeyVaultModule.forRoot(config);
    const connections = ConnectionsModule.forRoot(config, keyVault);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          // Its own topics, and the reference topics it consumes (created when it starts first).
          eventTopics: [
            config.EHR_SYNC_ALERT_TOPIC,
            config.EHR_SYNC_APPOINTMENT_TOPIC,
            config.EHR_SYNC_CLINIC_TOPIC,
            config.EHR_SYNC_CALENDAR_TOPIC,
            config.EHR_SYNC_PRACTITIONER_TOPIC,
            config.EHR_SYNC_APPOINTMENT_TYPE_TOPIC,
            ...(config.EHR_SYNC_WRITE_BACK_CONSUME ? [config.EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC] : []),
            ...(config.EHR_SYNC_JOURNAL_CONSUME
              ? [config.EHR_SYNC_JOURNAL_ENTRY_TOPIC, config.EHR_SYNC_JOURNAL_ANSWER_TOPIC]
              : []),
          ],
          constraintErrors: EHR_SYNC_CONSTRAINT_ERRORS,
          ...(overrides.clock ? { clock: overrides.clock } : {}),
        }),
        keyVault,
        connections,
        MappingsModule.forRoot(connections),
        SyncRunsModule.forRoot(config, connections),
        WriteBackModule.forRoot(config, keyVault, connections),
        PushesModule.forRoot(config, connections),
      ],
    };
  }
}
