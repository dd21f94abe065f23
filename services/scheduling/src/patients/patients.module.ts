import { Module } from '@nestjs/common';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { PatientRecords } from './patient-records';
import { PatientsController } from './patients.controller';
import { PatientsRepository } from './patients.repository';

@Module({
  imports: [PractitionersModule],
  controllers: [PatientsController],
  providers: [PatientRecords, PatientsRepository],
  exports: [PatientsRepository],
})
export class PatientsModule {}
