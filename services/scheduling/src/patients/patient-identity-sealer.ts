import { randomBytes } from 'node:crypto';
import { FieldSealer, KeyRing, SEAL_PURPOSES, sealerVariables } from '@carebus/crypto';
import type { SchedulingConfig } from '../service';

type SealerConfig = Pick<
  SchedulingConfig,
  'CAREBUS_PATIENT_IDENTITY_KEYS' | 'CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE'
>;

/**
 * The configured ring; without one (never in production, the config refuses that), a random key
 * of this process alone, so what it seals can be opened by nobody rather than travel in clear.
 */
export function patientIdentitySealerOf(config: SealerConfig): FieldSealer {
  const purpose = SEAL_PURPOSES.patientIdentity;
  if (config.CAREBUS_PATIENT_IDENTITY_KEYS) {
    return FieldSealer.fromEnv(purpose, {
      CAREBUS_PATIENT_IDENTITY_KEYS: config.CAREBUS_PATIENT_IDENTITY_KEYS,
      CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE: config.CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE,
    });
  }
  const ephemeral = `process-only:${randomBytes(32).toString('base64')}`;
  return FieldSealer.of(purpose, KeyRing.parse(ephemeral, undefined, sealerVariables(purpose)));
}
