import { Injectable } from '@nestjs/common';
import { clinicOf, type Principal } from '@carebus/auth';
import { TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { isClinicStaff } from '../appointments/appointment-access';
import { AuditTrail, isDenial, type AuditOutcome } from '@carebus/audit';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { patientNotFound, referencedPractitionerMissing } from '../scheduling.errors';
import type { Patient, PatientInput } from './patient';
import { Outbox } from '@carebus/outbox';
import { hasChanges } from '../persistence/assignments';
import { PatientEvents } from './patient-events';
import { PatientsRepository } from './patients.repository';

/**
 * The patient use cases. Each access is audited: successes in the transaction that touched the
 * record, failures afterwards on their own (the work rolled back); denials (403/404) by the edge.
 */
@Injectable()
export class PatientRecords {
  constructor(
    private readonly tenant: TenantScope,
    private readonly patients: PatientsRepository,
    private readonly practitioners: PractitionersRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly events: PatientEvents,
  ) {}

  async create(principal: Principal, input: () => PatientInput): Promise<Patient> {
    return this.audited(principal, 'patient.create', null, async (tx) => {
      const patient = input();
      await this.checkListedPractitioner(tx, patient.listedPractitionerId);
      const created = await this.patients.insert(tx, patient);
      await this.outbox.add(tx, this.events.registered(tx.clinicId, created));
      return { result: created, resourceIds: [created.id] };
    });
  }

  /** Patients and guardians may read only the record their token names; others' answer 404. */
  async read(principal: Principal, id: string): Promise<Patient> {
    if (!isClinicStaff(principal) && principal.patientId !== id) throw patientNotFound();
    return this.audited(principal, 'patient.read', id, async (tx) => {
      return { result: await this.patients.require(tx, id), resourceIds: [id] };
    });
  }

  async update(principal: Principal, id: string, changes: () => Partial<PatientInput>): Promise<Patient> {
    return this.audited(principal, 'patient.update', id, async (tx) => {
      const change = changes();
      await this.patients.require(tx, id);
      await this.checkListedPractitioner(tx, change.listedPractitionerId);
      const updated = await this.patients.update(tx, id, change);
      if (!updated) throw patientNotFound();
      if (hasChanges(change)) await this.outbox.add(tx, this.events.updated(tx.clinicId, updated));
      return { result: updated, resourceIds: [id] };
    });
  }

  /** One audit row per patient listed: a patient can be told who saw them in a list. */
  async list(
    principal: Principal,
    namePrefix: string | undefined,
    page: PageRequest,
  ): Promise<Page<Patient>> {
    return this.audited(principal, 'patients.list', null, async (tx) => {
      const result = await this.patients.list(tx, namePrefix, page);
      return { result, resourceIds: result.items.map((p) => p.id) };
    });
  }

  /** A listed GP must be one of this clinic's practitioners (422 otherwise). */
  private async checkListedPractitioner(tx: Tx, practitionerId: string | null | undefined): Promise<void> {
    if (practitionerId && !(await this.practitioners.find(tx, practitionerId))) {
      throw referencedPractitionerMissing();
    }
  }

  private async audited<T>(
    principal: Principal,
    action: string,
    resourceId: string | null,
    work: (tx: Tx) => Promise<{ result: T; resourceIds: string[] }>,
  ): Promise<T> {
    const clinicId = clinicOf(principal);
    const entry = { clinicId, principal, action, resourceType: 'patient' as const };
    try {
      return await this.tenant.withTenant(clinicId, async (tx) => {
        const { result, resourceIds } = await work(tx);
        const ids = resourceIds.length > 0 ? resourceIds : [resourceId];
        const outcome: AuditOutcome = 'allowed';
        await this.audit.recordMany(
          tx,
          ids.map((id) => ({ ...entry, resourceId: id, patientId: id, outcome })),
        );
        return result;
      });
    } catch (error) {
      // After the transaction, so the record takes the connection the work gave back; if it
      // fails, the caller is told 503 audit.unavailable rather than the access going unrecorded.
      if (!isDenial(error))
        await this.audit.recordOutcome({ ...entry, resourceId, patientId: resourceId, outcome: 'failed' });
      throw error;
    }
  }
}
