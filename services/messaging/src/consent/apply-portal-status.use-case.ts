import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { clinicOf, hasRole, type Principal } from '@carebus/auth';
import { TenantScope } from '@carebus/persistence';
import { portalForbidden } from '../messaging.errors';
import { reachabilityEntry } from './consent-access';
import { NationalIdCipher } from './national-id-cipher';
import { PortalPatientsRepository } from './portal-patients.repository';
import type { PortalAccountState } from './reachability';
import { ReachabilityChanges } from './reachability-changes';

export interface PortalStatusCommand {
  principal: Principal;
  nationalId: string;
  portalAccount: PortalAccountState;
  consent: boolean;
}

/**
 * The national portal pushes a citizen's account state and consent to digital contact (client
 * credentials, for the clinic its token names). Every patient of that clinic recorded with the
 * number is changed at once, each change audited as the partner's; a number the clinic does not
 * know changes nothing and says so (`matched: 0`), like an unknown id.
 */
@Injectable()
export class ApplyPortalStatusUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly patients: PortalPatientsRepository,
    private readonly cipher: NationalIdCipher,
    private readonly changes: ReachabilityChanges,
    private readonly audit: AuditTrail,
  ) {}

  async execute(cmd: PortalStatusCommand): Promise<{ matched: number }> {
    if (!hasRole(cmd.principal, 'partner')) throw portalForbidden();
    const clinicId = clinicOf(cmd.principal);
    const actor = { clinicId, principal: cmd.principal };
    return this.tenant.withTenant(clinicId, async (tx) => {
      const matches = await this.patients.findByLookup(tx, this.cipher.lookups(clinicId, cmd.nationalId));
      for (const patient of matches) {
        await this.changes.apply(tx, patient.patientId, {
          portalAccount: cmd.portalAccount,
          consent: cmd.consent,
        });
        await this.audit.record(
          tx,
          reachabilityEntry(actor, 'patient_portal_status.write', patient.patientId, 'allowed'),
        );
      }
      return { matched: matches.length };
    });
  }
}
