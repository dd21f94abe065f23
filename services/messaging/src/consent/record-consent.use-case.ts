import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { assertClinicStaff, reachabilityEntry, type PortalActor } from './consent-access';
import type { PortalPatient } from './portal-patient';
import { ReachabilityChanges } from './reachability-changes';

/**
 * Staff record that the patient gave (or withdrew) consent to digital contact, e.g. at the desk.
 * Takes effect at once: the next send and the next reachability read see it, and the change is
 * published in the same commit.
 */
@Injectable()
export class RecordConsentUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly changes: ReachabilityChanges,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: PortalActor, patientId: string, consent: boolean): Promise<PortalPatient> {
    assertClinicStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const patient = await this.changes.apply(tx, patientId, { consent });
      await this.audit.record(tx, reachabilityEntry(actor, 'patient_consent.write', patientId, 'allowed'));
      return patient;
    });
  }
}
