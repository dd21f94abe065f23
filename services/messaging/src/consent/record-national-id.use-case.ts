import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { assertClinicStaff, reachabilityEntry, type PortalActor } from './consent-access';
import type { PortalPatient } from './portal-patient';
import { ReachabilityChanges } from './reachability-changes';

/**
 * The patient's national identity number as the clinic has it (null: none). Sealed at once; only
 * its kind and validity are ever answered. Scheduling's patient events feed the same change once
 * they carry the sealed number.
 */
@Injectable()
export class RecordNationalIdUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly changes: ReachabilityChanges,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: PortalActor, patientId: string, nationalId: string | null): Promise<PortalPatient> {
    assertClinicStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const patient = await this.changes.apply(tx, patientId, { nationalId });
      await this.audit.record(
        tx,
        reachabilityEntry(actor, 'patient_national_id.write', patientId, 'allowed'),
      );
      return patient;
    });
  }
}
