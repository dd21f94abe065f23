import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { PatientsModule } from '../patients/patients.module';
import { BookingContextRepository } from '../bookings/booking-context.repository';
import { EhrAppointmentImportedHandler } from './ehr-appointment-imported.handler';
import { EhrImportRepository } from './ehr-import.repository';
import { ImportConflictsController } from './import-conflicts.controller';
import { ImportConflictsRepository } from './import-conflicts.repository';
import { ImportConflictsService } from './import-conflicts.service';
import { ReconcileEhrAppointmentUseCase } from './reconcile-ehr-appointment.use-case';

/** Reconciles appointments imported from clinics' EHRs (topic ehrsync.appointment.v1). */
@Module({
  imports: [AppointmentsModule, PatientsModule],
  controllers: [ImportConflictsController],
  providers: [
    EhrAppointmentImportedHandler,
    ReconcileEhrAppointmentUseCase,
    EhrImportRepository,
    BookingContextRepository,
    ImportConflictsService,
    ImportConflictsRepository,
  ],
})
export class EhrImportModule {}
