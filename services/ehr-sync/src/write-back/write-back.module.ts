import { type DynamicModule, Module } from '@nestjs/common';
import type { EhrSyncConfig } from '../service';
import { AppointmentChangesHandler } from './appointment-changes.handler';
import { ApplyWriteUseCase } from './apply-write.use-case';
import { EhrLinksRepository } from './ehr-links.repository';
import { EhrWritePlanner } from './ehr-write-plan';
import { EnqueueAppointmentChangeUseCase } from './enqueue-appointment-change.use-case';
import { ParkedWritesUseCase } from './parked-writes.use-case';
import { WriteBackController } from './write-back.controller';
import { WriteBackMetrics } from './write-back-metrics';
import { WRITE_BACK_SETTINGS, writeBackSettingsOf } from './write-back-settings';
import { WriteDrainer } from './write-drainer';
import { WriteQueueRepository } from './write-queue.repository';

/**
 * Writes the platform's appointment changes back to the clinic's EHRs through a durable queue
 * (docs/ehr-sync.md#write-back). Consuming and draining can be switched off per process.
 */
@Module({})
export class WriteBackModule {
  static forRoot(config: EhrSyncConfig, keyVault: DynamicModule, connections: DynamicModule): DynamicModule {
    return {
      module: WriteBackModule,
      imports: [keyVault, connections],
      controllers: [WriteBackController],
      providers: [
        { provide: WRITE_BACK_SETTINGS, useValue: writeBackSettingsOf(config) },
        WriteQueueRepository,
        EhrLinksRepository,
        EhrWritePlanner,
        WriteBackMetrics,
        ApplyWriteUseCase,
        WriteDrainer,
        EnqueueAppointmentChangeUseCase,
        ParkedWritesUseCase,
        ...(config.EHR_SYNC_WRITE_BACK_CONSUME ? [AppointmentChangesHandler] : []),
      ],
      exports: [WriteQueueRepository, EhrLinksRepository],
    };
  }
}
