import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { forClinic, hasRole, type Principal } from '@carebus/auth';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { clinicFieldOperatorOnly, clinicNotFound } from '../scheduling.errors';
import type { Clinic, ClinicChanges } from './clinic';
import { clinicEvents } from './clinic-events';
import { ClinicsRepository } from './clinics.repository';

export interface UpdateClinicCommand {
  principal: Principal;
  id: string;
  changes: ClinicChanges;
}

/**
 * Changes a clinic: a platform operator any clinic, a clinic admin only their own (another
 * clinic's id answers like an unknown one). A change bumps the version and writes ClinicUpdated
 * in the same transaction.
 */
@Injectable()
export class UpdateClinicUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly clinics: ClinicsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ principal, id, changes }: UpdateClinicCommand): Promise<Clinic> {
    const operator = hasRole(principal, 'operator');
    if (!operator && !forClinic(principal, id)) throw clinicNotFound();
    if (!operator && changes.clinicalAdminEmail !== undefined)
      throw clinicFieldOperatorOnly('clinicalAdminEmail');
    return this.tenant.withTenant(id, async (tx) => {
      const changed = Object.keys(changes).length > 0;
      const clinic = changed ? await this.clinics.update(tx, id, changes) : await this.clinics.find(tx, id);
      if (!clinic) throw clinicNotFound();
      if (changed) {
        await this.outbox.add(tx, clinicEvents.updated(clinic));
        await this.audit.record(tx, {
          clinicId: id,
          principal,
          action: 'clinic.update',
          resourceType: 'clinic',
          resourceId: id,
          outcome: 'allowed',
        });
      }
      return clinic;
    });
  }
}
