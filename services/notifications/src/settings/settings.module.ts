import { Module } from '@nestjs/common';
import { ClinicEventsHandler } from './clinic-events.handler';
import { ClinicSettingsRepository } from './clinic-settings.repository';
import { ClinicSettingsService } from './clinic-settings.service';
import { EnablementRepository } from './enablement.repository';
import { EnablementService } from './enablement.service';
import { SettingsController } from './settings.controller';
import { StaffDirectoryRepository } from './staff-directory.repository';
import { StaffDirectoryService } from './staff-directory.service';

/**
 * Clinic settings (with the copy of scheduling's clinic its events keep), channel enablement and
 * the staff directory, which planning and delivery read.
 */
@Module({
  controllers: [SettingsController],
  providers: [
    ClinicSettingsRepository,
    EnablementRepository,
    StaffDirectoryRepository,
    ClinicSettingsService,
    EnablementService,
    StaffDirectoryService,
    ClinicEventsHandler,
  ],
  exports: [ClinicSettingsRepository, EnablementRepository, StaffDirectoryRepository],
})
export class SettingsModule {}
