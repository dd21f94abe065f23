import { type DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@carebus/contracts';
import { PlatformModule, type Clock } from '@carebus/platform';
import { AccessLogModule } from './access-log/access-log.module';
import { AppointmentTypesModule } from './appointment-types/appointment-types.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { CalendarsModule } from './calendars/calendars.module';
import { ClinicsModule } from './clinics/clinics.module';
import { GrpcModule } from './grpc/grpc.module';
import { LocationsModule } from './locations/locations.module';
import { PatientsModule } from './patients/patients.module';
import { EhrImportModule } from './ehr-import/ehr-import.module';
import { MIGRATIONS } from './persistence/migrations';
import { PresenceModule } from './presence/presence.module';
import { PractitionersModule } from './practitioners/practitioners.module';
import { ReferenceDataModule } from './reference-data/reference-data.module';
import { SCHEDULING_CONSTRAINT_ERRORS } from './scheduling.errors';
import { SERVICE, type SchedulingConfig } from './service';
import { UnavailableTimesModule } from './unavailable-times/unavailable-times.module';
import { WeekTemplatesModule } from './week-templates/week-templates.module';
import { WorkPlansModule } from './work-plans/work-plans.module';

/** What tests swap: time, so windows are checked at their edges without sleeping. */
export interface AppOptions {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: SchedulingConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          // No TypeORM entities: every statement is SQL on a TenantScope transaction.
          entities: [],
          migrations: MIGRATIONS,
          eventTopics: [
            TOPICS.schedulingAppointment,
            TOPICS.schedulingClinic,
            TOPICS.schedulingCalendar,
            TOPICS.schedulingPractitioner,
            TOPICS.schedulingAppointmentType,
            TOPICS.schedulingPatient,
            ...(config.EHR_IMPORT_ENABLED ? [config.SCHEDULING_EHR_APPOINTMENT_TOPIC] : []),
          ],
          constraintErrors: SCHEDULING_CONSTRAINT_ERRORS,
          clock: options.clock,
        }),
        AppointmentsModule,
        GrpcModule,
        ...(config.EHR_IMPORT_ENABLED ? [EhrImportModule] : []),
        PresenceModule,
        ClinicsModule,
        AppointmentTypesModule,
        CalendarsModule,
        LocationsModule,
        PatientsModule,
        AccessLogModule.forRoot({ consume: config.PATIENT_ACCESS_LOG_ENABLED }),
        PractitionersModule,
        ReferenceDataModule,
        UnavailableTimesModule,
        WeekTemplatesModule,
        WorkPlansModule,
      ],
    };
  }
}
