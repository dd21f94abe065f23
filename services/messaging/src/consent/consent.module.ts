import { FieldSealer, SEAL_PURPOSES } from '@carebus/crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import type { MessagingConfig } from '../service';
import { ApplyPortalStatusUseCase } from './apply-portal-status.use-case';
import { ConsentController } from './consent.controller';
import { CONSENT_SETTINGS, consentSettingsOf } from './consent-settings';
import { NationalIdCipher } from './national-id-cipher';
import { PortalPatientsRepository } from './portal-patients.repository';
import { PortalStatusController } from './portal-status.controller';
import { ReachabilityChanges } from './reachability-changes';
import { PATIENT_IDENTITY_SEALER, SchedulingIdentityFeed } from './scheduling-identity-feed';
import { ReadReachabilityUseCase } from './read-reachability.use-case';
import { RecordConsentUseCase } from './record-consent.use-case';
import { RecordNationalIdUseCase } from './record-national-id.use-case';

/** Consent, national ids and portal accounts: whether a patient is reachable through the national portal. */
/** The patient-identity ring when the service holds one (it opens scheduling's sealed identities). */
function patientIdentitySealerOf(config: MessagingConfig): FieldSealer | null {
  if (!config.CAREBUS_PATIENT_IDENTITY_KEYS) return null;
  return FieldSealer.fromEnv(SEAL_PURPOSES.patientIdentity, {
    CAREBUS_PATIENT_IDENTITY_KEYS: config.CAREBUS_PATIENT_IDENTITY_KEYS,
    CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE: config.CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE,
  });
}

@Module({})
export class ConsentModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: ConsentModule,
      global: true,
      controllers: [ConsentController, PortalStatusController],
      providers: [
        { provide: CONSENT_SETTINGS, useValue: consentSettingsOf(config) },
        { provide: PATIENT_IDENTITY_SEALER, useValue: patientIdentitySealerOf(config) },
        SchedulingIdentityFeed,
        PortalPatientsRepository,
        NationalIdCipher,
        ReachabilityChanges,
        ReadReachabilityUseCase,
        RecordConsentUseCase,
        RecordNationalIdUseCase,
        ApplyPortalStatusUseCase,
      ],
      exports: [PortalPatientsRepository, NationalIdCipher, ReachabilityChanges, SchedulingIdentityFeed],
    };
  }
}
