import { toBinary, create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  EVENTS,
  NationalIdKind as NationalIdKindPb,
  PatientIdentitySchema,
  TOPICS,
} from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';
import { outboxEventOf } from '@carebus/outbox';
import type { SchedulingConfig } from '../service';
import { patientIdentitySealerOf } from './patient-identity-sealer';
import { NationalId, type NationalIdKind } from './national-id';
import type { Patient } from './patient';

const KIND: Record<NationalIdKind, NationalIdKindPb> = {
  fnr: NationalIdKindPb.FNR,
  dnr: NationalIdKindPb.DNR,
};

/** What a patient's sealed identity is bound to: moved to another patient or clinic, it does not open. */
export function patientIdentityAad(clinicId: string, patientId: string): string {
  return `${TOPICS.schedulingPatient}|${clinicId}|${patientId}`;
}

function validNationalId(raw: string | null): boolean {
  if (raw === null) return false;
  try {
    NationalId.parse(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds scheduling.patient.v1 events: routing facts in clear (listed GP, national-id kind and
 * validity, guardian), the name and national id only sealed under key purpose patient-identity.
 */
export class PatientEvents {
  constructor(private readonly sealer: FieldSealer) {}

  static fromConfig(config: SchedulingConfig): PatientEvents {
    return new PatientEvents(patientIdentitySealerOf(config));
  }

  registered(clinicId: string, p: Patient) {
    return outboxEventOf(EVENTS.patientRegistered, this.target(clinicId, p), {
      patient: this.snapshot(clinicId, p),
    });
  }

  updated(clinicId: string, p: Patient) {
    return outboxEventOf(EVENTS.patientUpdated, this.target(clinicId, p), {
      patient: this.snapshot(clinicId, p),
    });
  }

  private target(clinicId: string, p: Patient) {
    return { aggregateId: p.id, clinicId, time: p.updatedAt };
  }

  private snapshot(clinicId: string, p: Patient) {
    const identity = toBinary(
      PatientIdentitySchema,
      create(PatientIdentitySchema, { name: p.name, nationalId: p.nationalId ?? '' }),
    );
    return {
      patientId: p.id,
      clinicId,
      listedPractitionerId: p.listedPractitionerId ?? '',
      nationalIdKind: p.nationalIdKind ? KIND[p.nationalIdKind] : NationalIdKindPb.UNSPECIFIED,
      nationalIdValid: validNationalId(p.nationalId),
      hasGuardian: p.hasGuardian,
      version: BigInt(p.version),
      updatedAt: timestampFromDate(p.updatedAt),
      sealedIdentity: this.sealer.seal(identity, patientIdentityAad(clinicId, p.id)),
    };
  }
}
