import { type DynamicModule, Module } from '@nestjs/common';
import type { EhrSyncConfig } from '../service';
import { AppointmentImport } from './appointment-import';
import { IMPORT_SETTINGS, importSettingsOf } from './import-settings';
import { ImportedVersionsRepository } from './imported-versions.repository';

/** Exactly-once import of EHR appointments into ehrsync.appointment.v1 (sync runs, and later EHR pushes). */
@Module({})
export class ImportModule {
  static forRoot(config: EhrSyncConfig): DynamicModule {
    return {
      module: ImportModule,
      providers: [
        { provide: IMPORT_SETTINGS, useValue: importSettingsOf(config) },
        ImportedVersionsRepository,
        AppointmentImport,
      ],
      exports: [AppointmentImport],
    };
  }
}
