import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { forClinic, hasRole, type Principal } from '@carebus/auth';
import { Outbox, type OutboxEvent } from '@carebus/outbox';
import { pageRequest, TenantScope, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { appointmentTypeEvents } from '../appointment-types/appointment-type-events';
import { AppointmentTypesRepository } from '../appointment-types/appointment-types.repository';
import { calendarEvents } from '../calendars/calendar-events';
import { CalendarsRepository } from '../calendars/calendars.repository';
import { ClinicsRepository } from '../clinics/clinics.repository';
import { PatientEvents } from '../patients/patient-events';
import { PatientsRepository } from '../patients/patients.repository';
import { practitionerEvents } from '../practitioners/practitioner-events';
import { PractitionersRepository } from '../practitioners/practitioners.repository';
import { clinicNotFound } from '../scheduling.errors';

export interface RepublishReferenceDataCommand {
  principal: Principal;
  clinicId: string;
}

/** How many of each entity went into the outbox. */
export interface Republished {
  calendars: number;
  practitioners: number;
  appointmentTypes: number;
  patients: number;
}

const BATCH = 500;
const EVERY_TYPE = { bookableOnly: false, includeHidden: true, includeArchived: true };

/**
 * Writes the clinic's current calendars, practitioners, appointment types and patients to the
 * outbox as `*.updated` events at their current versions, in one transaction: a consumer that
 * starts after the rows were created (or after an upgrade that added these topics) gets the
 * whole reference set; one that already holds these versions ignores them. Every patient
 * published is audited.
 */
@Injectable()
export class RepublishReferenceDataUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly clinics: ClinicsRepository,
    private readonly calendars: CalendarsRepository,
    private readonly practitioners: PractitionersRepository,
    private readonly types: AppointmentTypesRepository,
    private readonly patients: PatientsRepository,
    private readonly patientEvents: PatientEvents,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute({ principal, clinicId }: RepublishReferenceDataCommand): Promise<Republished> {
    if (!hasRole(principal, 'operator') && !forClinic(principal, clinicId)) throw clinicNotFound();
    return this.tenant.withTenant(clinicId, async (tx) => {
      if (!(await this.clinics.find(tx, clinicId))) throw clinicNotFound();
      const calendars = await this.publish(
        tx,
        (page) => this.calendars.list(tx, page, {}),
        (c) => calendarEvents.updated(clinicId, c),
      );
      const practitioners = await this.publish(
        tx,
        (page) => this.practitioners.list(tx, page),
        (p) => practitionerEvents.updated(clinicId, p),
      );
      const appointmentTypes = await this.publish(
        tx,
        (page) => this.types.list(tx, page, EVERY_TYPE),
        (t) => appointmentTypeEvents.updated(clinicId, t),
      );
      const patients = await this.publish(
        tx,
        (page) => this.patients.list(tx, undefined, page),
        (p) => this.patientEvents.updated(clinicId, p),
        (ids) =>
          this.audit.recordMany(
            tx,
            ids.map((id) => ({
              clinicId,
              principal,
              action: 'patients.republish',
              resourceType: 'patient' as const,
              resourceId: id,
              patientId: id,
              outcome: 'allowed' as const,
            })),
          ),
      );
      return { calendars, practitioners, appointmentTypes, patients };
    });
  }

  /** Pages through one entity, batch by batch, so memory stays flat whatever the clinic's size. */
  private async publish<T extends { id: string }>(
    tx: Tx,
    read: (page: PageRequest) => Promise<Page<T>>,
    event: (row: T) => OutboxEvent,
    onBatch?: (ids: string[]) => Promise<unknown>,
  ): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await read(pageRequest({ limit: BATCH, cursor }));
      if (page.items.length > 0) {
        await this.outbox.addAll(tx, page.items.map(event));
        await onBatch?.(page.items.map((row) => row.id));
      }
      count += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return count;
  }
}
