import { Module } from '@nestjs/common';
import { ClinicSettingsRepository } from './clinic-settings.repository';
import { ClinicSettingsService } from './clinic-settings.service';
import { EnablementRepository } from './enablement.repository';
import { EnablementService } from './enablement.service';
import { SettingsController } from './settings.controller';
import { StaffDirectoryRepository } from './staff-directory.repository';
import { StaffDirectoryService } from './staff-directory.service';

/** Clinic settings, channel enablement and the staff directory, which planning and delivery read. */
@Module({
  controllers: [SettingsController],
  providers: [
    ClinicSettingsRepository,
    EnablementRepository,
    StaffDirectoryRepository,
    ClinicSettingsService,
    EnablementService,
    StaffDirectoryService,
  ],
  exports: [ClinicSettingsRepository, EnablementRepository, StaffDirectoryRepository],
})
export class SettingsModule {}
