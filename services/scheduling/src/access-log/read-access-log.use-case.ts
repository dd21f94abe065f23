import { Injectable } from '@nestjs/common';
import { AuditTrail, isDenial } from '@carebus/audit';
import { clinicOf, type Principal } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import { TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { seesHidden } from '../appointments/appointment-access';
import { PatientsRepository } from '../patients/patients.repository';
import { patientClaimMissing } from '../scheduling.errors';
import { AccessLogRepository } from './access-log.repository';
import type { AccessLogEntry } from './patient-access';

/**
 * Who accessed a patient's record: the patient (or their guardian) reads their own history, a
 * clinic admin any patient's of the clinic. The read is itself an audited access to the patient,
 * so it shows in the history too, as the next read will show.
 */
@Injectable()
export class ReadAccessLogUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly log: AccessLogRepository,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** The token's own patient (claim `patient_id`). */
  own(principal: Principal, page: PageRequest): Promise<Page<AccessLogEntry>> {
    if (!principal.patientId) throw patientClaimMissing();
    const patientId = principal.patientId;
    return this.tenant.withTenant(clinicOf(principal), (tx) => this.read(tx, principal, patientId, page));
  }

  /**
   * A patient of the admin's clinic; another clinic's or an unknown patient is 404, a denial the
   * edge audits (the route is an @AuditedResource). Other failures are recorded here.
   */
  async ofPatient(principal: Principal, patientId: string, page: PageRequest): Promise<Page<AccessLogEntry>> {
    const clinicId = clinicOf(principal);
    try {
      return await this.tenant.withTenant(clinicId, async (tx) => {
        await this.patients.require(tx, patientId);
        return this.read(tx, principal, patientId, page);
      });
    } catch (error) {
      if (error instanceof DomainError && !isDenial(error)) {
        await this.audit.recordOutcome({ ...this.entry(principal, clinicId, patientId), outcome: 'failed' });
      }
      throw error;
    }
  }

  private async read(tx: Tx, principal: Principal, patientId: string, page: PageRequest) {
    const result = await this.log.page(tx, patientId, page, seesHidden(principal));
    await this.audit.record(tx, { ...this.entry(principal, tx.clinicId, patientId), outcome: 'allowed' });
    return result;
  }

  private entry(principal: Principal, clinicId: string, patientId: string) {
    return {
      clinicId,
      principal,
      action: 'access_log.read',
      resourceType: 'access_log',
      resourceId: patientId,
      patientId,
    };
  }
}
