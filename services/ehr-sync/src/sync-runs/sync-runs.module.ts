import { type DynamicModule, Module } from '@nestjs/common';
import { ImportModule } from '../import/import.module';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import { MappingsRepository } from '../mappings/mappings.repository';
import type { EhrSyncConfig } from '../service';
import { ClinicTimeZones } from './clinic-time-zones';
import { RequestSyncUseCase } from './request-sync.use-case';
import { RunSyncUseCase } from './run-sync.use-case';
import { SyncMetrics } from './sync-metrics';
import { SyncRunFinish } from './sync-run-finish';
import { SyncRunStart } from './sync-run-start';
import { SyncRunner } from './sync-runner';
import { SyncRunsController } from './sync-runs.controller';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedulesRepository } from './sync-schedules.repository';
import { SyncStatusUseCase } from './sync-status.use-case';
import { SYNC_SETTINGS, syncSettingsOf } from './sync-settings';
import { WriteQueueRepository } from '../write-back/write-queue.repository';

/** Scheduled and on-demand sync runs: durable jobs in PostgreSQL, the run ledger, the status panel. */
@Module({})
export class SyncRunsModule {
  static forRoot(config: EhrSyncConfig, connections: DynamicModule): DynamicModule {
    return {
      module: SyncRunsModule,
      imports: [connections, ImportModule.forRoot(config), ReferenceDataModule],
      controllers: [SyncRunsController],
      providers: [
        { provide: SYNC_SETTINGS, useValue: syncSettingsOf(config) },
        SyncSchedulesRepository,
        SyncRunsRepository,
        MappingsRepository,
        WriteQueueRepository,
        ClinicTimeZones,
        SyncMetrics,
        SyncRunStart,
        SyncRunFinish,
        RunSyncUseCase,
        SyncRunner,
        RequestSyncUseCase,
        SyncStatusUseCase,
      ],
      exports: [SyncRunner],
    };
  }
}
