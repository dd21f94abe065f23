import { type DynamicModule, Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { AccessLogController } from './access-log.controller';
import { AccessLogRepository } from './access-log.repository';
import { PatientAccessRecordedHandler } from './patient-access-recorded.handler';
import { ReadAccessLogUseCase } from './read-access-log.use-case';

/**
 * Patients' access histories: built from audit.patient_access.v1 (where `consume` is on), read
 * over REST by every replica.
 */
@Module({})
export class AccessLogModule {
  static forRoot({ consume }: { consume: boolean }): DynamicModule {
    return {
      module: AccessLogModule,
      imports: [PatientsModule],
      controllers: [AccessLogController],
      providers: [
        AccessLogRepository,
        ReadAccessLogUseCase,
        ...(consume ? [PatientAccessRecordedHandler] : []),
      ],
    };
  }
}
