import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@carebus/platform';
import type { SchedulingConfig } from '../service';
import { PatientEvents } from './patient-events';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { PatientRecords } from './patient-records';
import { PatientsController } from './patients.controller';
import { PatientsRepository } from './patients.repository';

@Module({
  imports: [PractitionersModule],
  controllers: [PatientsController],
  providers: [
    PatientRecords,
    PatientsRepository,
    {
      provide: PatientEvents,
      useFactory: (config: SchedulingConfig) => PatientEvents.fromConfig(config),
      inject: [SERVICE_CONFIG],
    },
  ],
  exports: [PatientsRepository, PatientEvents],
})
export class PatientsModule {}
