import { type DynamicModule, Module } from '@nestjs/common';
import type { MessagingConfig } from '../service';
import { ApplyPortalStatusUseCase } from './apply-portal-status.use-case';
import { ConsentController } from './consent.controller';
import { CONSENT_SETTINGS, consentSettingsOf } from './consent-settings';
import { NationalIdCipher } from './national-id-cipher';
import { PortalPatientsRepository } from './portal-patients.repository';
import { PortalStatusController } from './portal-status.controller';
import { ReachabilityChanges } from './reachability-changes';
import { ReadReachabilityUseCase } from './read-reachability.use-case';
import { RecordConsentUseCase } from './record-consent.use-case';
import { RecordNationalIdUseCase } from './record-national-id.use-case';

/** Consent, national ids and portal accounts: whether a patient is reachable through the national portal. */
@Module({})
export class ConsentModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: ConsentModule,
      global: true,
      controllers: [ConsentController, PortalStatusController],
      providers: [
        { provide: CONSENT_SETTINGS, useValue: consentSettingsOf(config) },
        PortalPatientsRepository,
        NationalIdCipher,
        ReachabilityChanges,
        ReadReachabilityUseCase,
        RecordConsentUseCase,
        RecordNationalIdUseCase,
        ApplyPortalStatusUseCase,
      ],
      exports: [PortalPatientsRepository, NationalIdCipher, ReachabilityChanges],
    };
  }
}
