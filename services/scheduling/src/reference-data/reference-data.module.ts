import { Module } from '@nestjs/common';
import { AppointmentTypesModule } from '../appointment-types/appointment-types.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { PatientsModule } from '../patients/patients.module';
import { PractitionersModule } from '../practitioners/practitioners.module';
import { ReferenceDataController } from './reference-data.controller';
import { RepublishReferenceDataUseCase } from './republish-reference-data.use-case';

/** Backfill of scheduling's reference topics (calendar, practitioner, appointment type, patient). */
@Module({
  imports: [AppointmentTypesModule, CalendarsModule, ClinicsModule, PatientsModule, PractitionersModule],
  controllers: [ReferenceDataController],
  providers: [RepublishReferenceDataUseCase],
})
export class ReferenceDataModule {}
