import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope } from '@carebus/persistence';
import { assertClinicStaff, reachabilityEntry, type PortalActor } from './consent-access';
import { PortalPatientsRepository } from './portal-patients.repository';
import { decideReachability, type Reachability } from './reachability';

/**
 * Before composing: can this patient be reached through the national portal, and if not, why.
 * A patient messaging knows nothing about (or another clinic's) has no national id on record.
 */
@Injectable()
export class ReadReachabilityUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly patients: PortalPatientsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(actor: PortalActor, patientId: string): Promise<Reachability> {
    assertClinicStaff(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const patient = await this.patients.find(tx, patientId);
      await this.audit.record(
        tx,
        reachabilityEntry(actor, 'patient_reachability.read', patientId, 'allowed'),
      );
      if (!patient)
        return decideReachability({ nationalIdKind: null, consent: false, portalAccount: 'none' });
      return { reachable: patient.reachable, reason: patient.reason };
    });
  }
}
