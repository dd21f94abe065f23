import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { DomainError, NotFoundError } from '@carebus/errors';
import { inTenantTransaction } from '@carebus/platform';
import { AuditTrail, type AuditOutcome } from '../audit/audit-trail';
import { type Page, type PageRequest } from '../persistence/keyset-page';
import { isClinicStaff } from '../appointments/appointment-access';
import { tenantOf } from '../shared/tenant';
import { Patient } from './patient.entity';
import { PATIENT_NOT_FOUND, PatientsRepository, type PatientInput } from './patients.repository';

/**
 * The patient use cases. Each access is audited: successes in the transaction that touched the
 * record, refusals and failures afterwards on their own (the work rolled back).
 */
@Injectable()
export class PatientRecords {
  private readonly logger = new Logger(PatientRecords.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(principal: Principal, input: () => PatientInput): Promise<Patient> {
    return this.audited(principal, 'patient.create', null, async (manager, clinicId) => {
      const patient = await this.patients.insert(manager, clinicId, input());
      return { result: patient, resourceIds: [patient.id] };
    });
  }

  /** Patients and guardians may read only the record their token names; others' answer 404. */
  async read(principal: Principal, id: string): Promise<Patient> {
    if (!isClinicStaff(principal) && principal.patientId !== id) {
      const clinicId = tenantOf(principal);
      await this.audit.recordOutcome({
        clinicId,
        principal,
        action: 'patient.read',
        resourceType: 'patient',
        resourceId: id,
        outcome: 'denied',
      });
      throw new NotFoundError(PATIENT_NOT_FOUND, 'No such patient.');
    }
    return this.audited(principal, 'patient.read', id, async (manager, clinicId) => {
      return { result: await this.patients.require(manager, clinicId, id), resourceIds: [id] };
    });
  }

  async update(principal: Principal, id: string, changes: () => Partial<PatientInput>): Promise<Patient> {
    return this.audited(principal, 'patient.update', id, async (manager, clinicId) => {
      return { result: await this.patients.update(manager, clinicId, id, changes()), resourceIds: [id] };
    });
  }

  /** One audit row per patient listed: a patient can be told who saw them in a list. */
  async list(
    principal: Principal,
    namePrefix: string | undefined,
    page: PageRequest,
  ): Promise<Page<Patient>> {
    return this.audited(principal, 'patients.list', null, async (manager, clinicId) => {
      const result = await this.patients.list(manager, clinicId, namePrefix, page);
      return { result, resourceIds: result.items.map((p) => p.id) };
    });
  }

  private async audited<T>(
    principal: Principal,
    action: string,
    resourceId: string | null,
    work: (manager: EntityManager, clinicId: string) => Promise<{ result: T; resourceIds: string[] }>,
  ): Promise<T> {
    const clinicId = tenantOf(principal);
    const entry = { clinicId, principal, action, resourceType: 'patient' as const };
    try {
      return await inTenantTransaction(this.dataSource, clinicId, async (manager) => {
        const { result, resourceIds } = await work(manager, clinicId);
        const ids = resourceIds.length > 0 ? resourceIds : [resourceId];
        const outcome: AuditOutcome = 'allowed';
        await this.audit.recordMany(
          manager,
          ids.map((id) => ({ ...entry, resourceId: id, outcome })),
        );
        return result;
      });
    } catch (error) {
      const outcome: AuditOutcome =
        error instanceof DomainError && error.kind === 'forbidden' ? 'denied' : 'failed';
      // The original error must reach the caller even when the audit write fails too.
      await this.audit.recordOutcome({ ...entry, resourceId, outcome }).catch((auditError: unknown) => {
        this.logger.error({ err: auditError, action }, 'could not record a failed patient access');
      });
      throw error;
    }
  }
}
