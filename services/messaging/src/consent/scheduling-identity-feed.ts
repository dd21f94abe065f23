import { fromBinary } from '@bufbuild/protobuf';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditTrail, serviceActor } from '@carebus/audit';
import { PatientIdentitySchema, TOPICS, type Patient } from '@carebus/contracts';
import type { FieldSealer } from '@carebus/crypto';
import type { Tx } from '@carebus/persistence';
import { SERVICE } from '../service';
import { ReachabilityChanges } from './reachability-changes';

/** The patient-identity FieldSealer; absent when the service holds no patient-identity ring. */
export const PATIENT_IDENTITY_SEALER = Symbol('PatientIdentitySealer');

/**
 * What scheduling's seal is bound to (scheduling's `patientIdentityAad`): the canonical topic name,
 * the clinic and the patient, so an identity moved to another patient or clinic does not open.
 */
export function patientIdentityAad(clinicId: string, patientId: string): string {
  return `${TOPICS.schedulingPatient}|${clinicId}|${patientId}`;
}

/**
 * Feeds the portal guard from scheduling's patient copy: opens the sealed identity with the
 * patient-identity ring and records its national id (classified and sealed again under
 * messaging's own key) through `ReachabilityChanges`, in the consumer's transaction, audited. A
 * patient without a number loses any number recorded before. Without the ring it does nothing.
 */
@Injectable()
export class SchedulingIdentityFeed {
  constructor(
    private readonly changes: ReachabilityChanges,
    private readonly audit: AuditTrail,
    @Optional() @Inject(PATIENT_IDENTITY_SEALER) private readonly sealer: FieldSealer | null = null,
  ) {}

  get enabled(): boolean {
    return this.sealer !== null;
  }

  async apply(tx: Tx, patient: Patient): Promise<void> {
    if (!this.sealer || !patient.sealedIdentity) return;
    const opened = this.sealer.open(
      patient.sealedIdentity,
      patientIdentityAad(tx.clinicId, patient.patientId),
    );
    const nationalId = fromBinary(PatientIdentitySchema, opened).nationalId.trim();
    await this.changes.apply(tx, patient.patientId, { nationalId: nationalId || null });
    await this.audit.record(tx, {
      clinicId: tx.clinicId,
      principal: serviceActor(SERVICE.name),
      action: 'patient_national_id.write',
      resourceType: 'patient',
      resourceId: patient.patientId,
      patientId: patient.patientId,
      outcome: 'allowed',
    });
  }
}
