import { type DynamicModule, Module } from '@nestjs/common';
import type { EhrSyncConfig } from '../service';
import { AppointmentChangesHandler } from './appointment-changes.handler';
import { ApplyWriteUseCase } from './apply-write.use-case';
import { EhrLinksRepository } from './ehr-links.repository';
import { FieldSealer, SEAL_PURPOSES } from '@carebus/crypto';
import { EhrWritePlanner, JOURNAL_NOTE_SEALER } from './ehr-write-plan';
import { EnqueueJournalEntryUseCase } from './enqueue-journal-entry.use-case';
import { JournalEntriesHandler } from './journal-entries.handler';
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
        { provide: JOURNAL_NOTE_SEALER, useValue: journalNoteSealer(config) },
        WriteQueueRepository,
        EhrLinksRepository,
        EhrWritePlanner,
        WriteBackMetrics,
        ApplyWriteUseCase,
        WriteDrainer,
        EnqueueAppointmentChangeUseCase,
        ParkedWritesUseCase,
        EnqueueJournalEntryUseCase,
        ...(config.EHR_SYNC_WRITE_BACK_CONSUME ? [AppointmentChangesHandler] : []),
        ...(config.EHR_SYNC_JOURNAL_CONSUME ? [JournalEntriesHandler] : []),
      ],
      exports: [WriteQueueRepository, EhrLinksRepository],
    };
  }
}

/** The journal-note ring from the config (validated at start), or null when this process files no notes. */
function journalNoteSealer(config: EhrSyncConfig): FieldSealer | null {
  if (!config.CAREBUS_JOURNAL_NOTE_KEYS) return null;
  return FieldSealer.fromEnv(SEAL_PURPOSES.journalNote, {
    CAREBUS_JOURNAL_NOTE_KEYS: config.CAREBUS_JOURNAL_NOTE_KEYS,
    ...(config.CAREBUS_JOURNAL_NOTE_KEY_ACTIVE
      ? { CAREBUS_JOURNAL_NOTE_KEY_ACTIVE: config.CAREBUS_JOURNAL_NOTE_KEY_ACTIVE }
      : {}),
  });
}
