import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '@carebus/auth';
import { EhrAppointmentStatus } from '@carebus/contracts';
import { DomainError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { Appointment } from '../appointments/appointment';
import { importedAppointmentEvents } from '../appointments/appointment-events';
import { AppointmentsRepository } from '../appointments/appointments.repository';
import { AuditTrail } from '@carebus/audit';
import type { TypeForBooking } from '../bookings/booking-context';
import { BookingContextRepository } from '../bookings/booking-context.repository';
import { PatientEvents } from '../patients/patient-events';
import { PatientsRepository } from '../patients/patients.repository';
import { SLOT_TAKEN, unknownClinic } from '../scheduling.errors';
import { EhrImportRepository, type ImportConflict } from './ehr-import.repository';
import { importChanges } from './import-changes';
import type { ImportedAppointment } from './imported-appointment';

export type ReconcileOutcome =
  'created' | 'updated' | 'unchanged' | 'stale' | 'conflict' | 'unavailable_time';

interface Applied {
  result: ReconcileOutcome;
  /** With the appointment's patient, for the audit entry. */
  appointment?: { id: string; patientId: string };
}

/**
 * Reconciles one appointment imported from a clinic's EHR: upsert by (connection, external id),
 * ignore stale copies, and record a conflict — never drop it silently — when the EHR's time
 * collides with a booking made here. Runs in the consumer's transaction (inbox included).
 */
@Injectable()
export class ReconcileEhrAppointmentUseCase {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly ehr: EhrImportRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly patients: PatientsRepository,
    private readonly patientEvents: PatientEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: Tx, c: ImportedAppointment): Promise<ReconcileOutcome> {
    if (!(await this.ehr.clinicExists(tx))) throw unknownClinic();
    const conflict = (reason: ImportConflict['reason']): ImportConflict => ({ ...c, reason });
    const calendarId = c.calendarId;
    if (!calendarId) {
      await this.ehr.recordConflict(tx, conflict('unmapped_calendar'), null);
      return 'conflict';
    }
    if (c.status === EhrAppointmentStatus.UNAVAILABLE) {
      await this.ehr.upsertUnavailable(tx, calendarId, `${c.connectionId}:${c.externalId}`, c.start, c.end);
      return 'unavailable_time';
    }
    const existing = await this.appointments.lockByExternalId(tx, c.connectionId, c.externalId);
    const seen = existing?.externalUpdatedAt;
    if (seen && c.externalUpdatedAt && c.externalUpdatedAt <= seen) return 'stale';
    const typeId = c.appointmentTypeId ?? existing?.appointmentTypeId;
    const type = typeId ? await this.context.appointmentType(tx, typeId) : undefined;
    if (!type) {
      await this.ehr.recordConflict(tx, conflict('unmapped_appointment_type'), null);
      return 'conflict';
    }
    try {
      // A collision undoes only this import's statements, so the conflict can still be recorded.
      return await tx.savepoint(async () => {
        const applied = existing
          ? await this.update(tx, existing, c, calendarId, type)
          : await this.create(tx, c, calendarId, type);
        if (applied.appointment) await this.audit.record(tx, auditEntry(c, applied.appointment));
        return applied.result;
      });
    } catch (error) {
      if (!isSlotTaken(error)) throw error;
      const other = await this.ehr.overlapping(tx, calendarId, c.start, c.end);
      await this.ehr.recordConflict(tx, conflict('overlaps_booking'), other);
      return 'conflict';
    }
  }

  private async create(
    tx: Tx,
    c: ImportedAppointment,
    calendarId: string,
    type: TypeForBooking,
  ): Promise<Applied> {
    if (c.status === EhrAppointmentStatus.CANCELLED || c.status === EhrAppointmentStatus.UNSPECIFIED) {
      return { result: 'unchanged' };
    }
    // A patient the EHR names for the first time becomes a placeholder the clinic completes later.
    await this.ehr.lockPatientLink(tx, c.connectionId, c.patientExternalId);
    const patientId =
      (await this.ehr.linkedPatient(tx, c.connectionId, c.patientExternalId)) ??
      (await this.placeholderPatient(tx, c));
    const id = uuidv7();
    await this.appointments.insert(tx, {
      id,
      calendarId,
      appointmentTypeId: type.id,
      patientId,
      start: c.start,
      end: c.end,
      contactSurface: type.contactSurface,
      hidden: type.hidden,
      sourceChannel: 'ehr_import',
      note: '',
      bookedBy: `ehr:${c.connectionId}`,
      external: { connectionId: c.connectionId, externalId: c.externalId, updatedAt: c.externalUpdatedAt },
    });
    const created = (await this.appointments.find(tx, id)) as Appointment;
    await this.outbox.add(tx, importedAppointmentEvents(c.connectionId).booked(created));
    if (c.status === EhrAppointmentStatus.ARRIVED) {
      const at = this.clock.now();
      await this.appointments.apply(tx, id, { status: 'arrived', arrivedAt: at });
      const arrived = (await this.appointments.find(tx, id)) as Appointment;
      await this.outbox.add(tx, importedAppointmentEvents(c.connectionId).arrived(arrived, at));
    }
    return { result: 'created', appointment: { id, patientId } };
  }

  /** A placeholder for a patient the EHR names first, registered like any patient (scheduling.patient.v1). */
  private async placeholderPatient(tx: Tx, c: ImportedAppointment): Promise<string> {
    const id = await this.ehr.insertLinkedPlaceholder(tx, c.connectionId, c.patientExternalId);
    await this.outbox.add(
      tx,
      this.patientEvents.registered(tx.clinicId, await this.patients.require(tx, id)),
    );
    return id;
  }

  private async update(
    tx: Tx,
    before: Appointment,
    c: ImportedAppointment,
    calendarId: string,
    type: TypeForBooking,
  ): Promise<Applied> {
    const steps = importChanges(before, c, { calendarId, type }, this.clock.now());
    let current = before;
    for (const step of steps) {
      await this.appointments.apply(tx, before.id, step.change);
      const after = (await this.appointments.find(tx, before.id)) as Appointment;
      await this.outbox.add(tx, step.event(after, current));
      current = after;
    }
    await this.appointments.apply(tx, before.id, { externalUpdatedAt: c.externalUpdatedAt });
    return steps.length > 0
      ? { result: 'updated', appointment: { id: before.id, patientId: before.patientId } }
      : { result: 'unchanged' };
  }
}

/** The no-double-booking constraint, translated by the consumer's transaction (the catalogue). */
function isSlotTaken(error: unknown): boolean {
  return error instanceof DomainError && error.code === SLOT_TAKEN;
}

function auditEntry(c: ImportedAppointment, appointment: { id: string; patientId: string }) {
  return {
    clinicId: c.clinicId,
    principal: importer(c.clinicId, c.connectionId),
    action: 'appointment.ehr_import',
    resourceType: 'appointment' as const,
    resourceId: appointment.id,
    patientId: appointment.patientId,
    outcome: 'allowed' as const,
  };
}

/** The EHR connection acting as the importer, for the audit log. */
function importer(clinicId: string, connectionId: string): Principal {
  return { subject: `ehr-connection/${connectionId}`, clinicId, roles: [], scopes: [] };
}
