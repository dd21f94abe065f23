import { UnprocessableError } from '@carebus/errors';
import { Injectable } from '@nestjs/common';
import { isUuid } from '@carebus/platform';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { EhrAppointmentStatus, type EhrAppointmentImported } from '@carebus/contracts';
import { ConflictError } from '@carebus/errors';
import { Outbox, type OutboxEvent } from '@carebus/outbox';
import { AuditTrail } from '../audit/audit-trail';
import type { Appointment } from '../appointments/appointment';
import { appointmentEvents } from '../appointments/appointment-events';
import { AppointmentsRepository, type AppointmentChange } from '../appointments/appointments.repository';
import { BookingContextRepository } from '../bookings/booking-context.repository';
import { EhrImportRepository, type ImportConflict } from './ehr-import.repository';

export type ReconcileOutcome =
  'created' | 'updated' | 'unchanged' | 'stale' | 'conflict' | 'unavailable_time';

/**
 * Reconciles one appointment imported from a clinic's EHR: upsert by (connection, external id),
 * ignore stale copies, and record a conflict — never drop it silently — when the EHR's time
 * collides with a booking made here. Runs inside the consumer's transaction (inbox included).
 */
@Injectable()
export class ReconcileEhrAppointmentUseCase {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly ehr: EhrImportRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  async execute(
    manager: EntityManager,
    p: EhrAppointmentImported,
    eventId: string,
  ): Promise<ReconcileOutcome> {
    const { clinicId, connectionId, externalId } = p;
    if (!isUuid(clinicId) || !isUuid(connectionId) || externalId === '') {
      throw new UnprocessableError('scheduling.invalid_import', 'clinic_id, connection_id and external_id are required');
    }
    if (!p.startTime || !p.endTime)
      throw new UnprocessableError('scheduling.invalid_import', 'start and end are required');
    const start = timestampDate(p.startTime);
    const end = timestampDate(p.endTime);
    if (!(start < end)) throw new UnprocessableError('scheduling.invalid_import', 'end must be after start');
    if (!(await this.ehr.clinicExists(manager, clinicId))) {
      throw new UnprocessableError('scheduling.unknown_clinic', 'the clinic is unknown to scheduling');
    }
    const calendarId = isUuid(p.calendarId) ? p.calendarId : null;
    const conflict = (reason: ImportConflict['reason']): ImportConflict => ({
      clinicId,
      connectionId,
      externalId,
      calendarId,
      start,
      end,
      reason,
      causeEventId: eventId,
    });
    if (!calendarId) {
      await this.ehr.recordConflict(manager, conflict('unmapped_calendar'), null);
      return 'conflict';
    }
    if (p.status === EhrAppointmentStatus.UNAVAILABLE) {
      await this.ehr.upsertUnavailable(
        manager,
        clinicId,
        calendarId,
        `${connectionId}:${externalId}`,
        start,
        end,
        true,
      );
      return 'unavailable_time';
    }
    const updatedAt = p.externalUpdatedAt ? timestampDate(p.externalUpdatedAt) : null;
    const existing = await this.appointments.findByExternalId(manager, clinicId, connectionId, externalId);
    if (existing?.externalUpdatedAt && updatedAt && updatedAt <= existing.externalUpdatedAt) return 'stale';
    const typeId = isUuid(p.appointmentTypeId) ? p.appointmentTypeId : existing?.appointmentTypeId;
    const type = typeId ? await this.context.appointmentType(manager, clinicId, typeId) : null;
    if (!type) {
      await this.ehr.recordConflict(manager, conflict('unmapped_appointment_type'), null);
      return 'conflict';
    }
    const actor = importer(clinicId, connectionId);
    try {
      return await this.ehr.inSavepoint(manager, async () => {
        const outcome = existing
          ? await this.update(manager, existing, p, {
              calendarId,
              start,
              end,
              typeId: type.id,
              hidden: type.hidden,
              updatedAt,
            })
          : await this.create(manager, p, {
              calendarId,
              start,
              end,
              typeId: type.id,
              surface: type.contactSurface,
              hidden: type.hidden,
              updatedAt,
            });
        if (outcome.appointmentId) {
          await this.audit.record(manager, {
            clinicId,
            principal: actor,
            action: 'appointment.ehr_import',
            resourceType: 'appointment',
            resourceId: outcome.appointmentId,
            outcome: 'allowed',
          });
        }
        return outcome.result;
      });
    } catch (error) {
      if (!(error instanceof ConflictError) || error.code !== 'scheduling.slot_taken') throw error;
      const other = await this.appointments_overlapping(manager, clinicId, calendarId, start, end);
      await this.ehr.recordConflict(manager, conflict('overlaps_booking'), other);
      return 'conflict';
    }
  }

  private appointments_overlapping(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    start: Date,
    end: Date,
  ) {
    return this.ehr.overlapping(manager, clinicId, calendarId, start, end);
  }

  private async create(
    manager: EntityManager,
    p: EhrAppointmentImported,
    t: {
      calendarId: string;
      start: Date;
      end: Date;
      typeId: string;
      surface: Appointment['contactSurface'];
      hidden: boolean;
      updatedAt: Date | null;
    },
  ): Promise<{ result: ReconcileOutcome; appointmentId?: string }> {
    if (p.status === EhrAppointmentStatus.CANCELLED || p.status === EhrAppointmentStatus.UNSPECIFIED) {
      return { result: 'unchanged' };
    }
    const patientId = await this.ehr.linkedPatient(
      manager,
      p.clinicId,
      p.connectionId,
      p.patientExternalId || p.externalId,
    );
    const id = uuidv7();
    await this.appointments.insert(manager, {
      id,
      clinicId: p.clinicId,
      calendarId: t.calendarId,
      appointmentTypeId: t.typeId,
      patientId,
      start: t.start,
      end: t.end,
      contactSurface: t.surface,
      hidden: t.hidden,
      sourceChannel: 'ehr_import',
      note: '',
      bookedBy: `ehr:${p.connectionId}`,
      external: { connectionId: p.connectionId, externalId: p.externalId, updatedAt: t.updatedAt },
    });
    let created = (await this.appointments.findById(manager, p.clinicId, id)) as Appointment;
    await this.outbox.add(manager, appointmentEvents.booked(created));
    if (p.status === EhrAppointmentStatus.ARRIVED) {
      await this.appointments.apply(manager, p.clinicId, id, { status: 'arrived', arrivedAt: new Date() });
      created = (await this.appointments.findById(manager, p.clinicId, id)) as Appointment;
      await this.outbox.add(manager, appointmentEvents.arrived(created, created.arrivedAt as Date));
    }
    return { result: 'created', appointmentId: id };
  }

  private async update(
    manager: EntityManager,
    before: Appointment,
    p: EhrAppointmentImported,
    t: {
      calendarId: string;
      start: Date;
      end: Date;
      typeId: string;
      hidden: boolean;
      updatedAt: Date | null;
    },
  ): Promise<{ result: ReconcileOutcome; appointmentId?: string }> {
    const steps: {
      change: AppointmentChange;
      event: (after: Appointment, prev: Appointment) => OutboxEvent;
    }[] = [];
    const active = before.status === 'booked' || before.status === 'arrived';
    if (p.status === EhrAppointmentStatus.CANCELLED) {
      if (active) {
        const reason = 'Cancelled in the EHR';
        steps.push({
          change: {
            status: 'cancelled',
            cancelledAt: new Date(),
            cancelledBy: 'clinic',
            cancelReason: reason,
          },
          event: (after) => appointmentEvents.cancelled(after, 'clinic', reason),
        });
      }
    } else if (active) {
      const moved =
        before.calendarId !== t.calendarId ||
        before.start.getTime() !== t.start.getTime() ||
        before.end.getTime() !== t.end.getTime();
      if (moved)
        steps.push({
          change: { calendarId: t.calendarId, start: t.start, end: t.end },
          event: appointmentEvents.rescheduled,
        });
      if (before.appointmentTypeId !== t.typeId) {
        steps.push({
          change: { appointmentTypeId: t.typeId, hidden: t.hidden },
          event: appointmentEvents.typeChanged,
        });
      }
      if (p.status === EhrAppointmentStatus.ARRIVED && before.status === 'booked') {
        const at = new Date();
        steps.push({
          change: { status: 'arrived', arrivedAt: at },
          event: (after) => appointmentEvents.arrived(after, at),
        });
      }
    }
    let current = before;
    for (const step of steps) {
      await this.appointments.apply(manager, before.clinicId, before.id, step.change);
      const after = (await this.appointments.findById(manager, before.clinicId, before.id)) as Appointment;
      await this.outbox.add(manager, step.event(after, current));
      current = after;
    }
    await this.appointments.apply(manager, before.clinicId, before.id, { externalUpdatedAt: t.updatedAt });
    return steps.length > 0 ? { result: 'updated', appointmentId: before.id } : { result: 'unchanged' };
  }
}

/** The EHR connection acting as the importer, for the audit log. */
function importer(clinicId: string, connectionId: string): Principal {
  return { subject: `ehr-connection/${connectionId}`, clinicId, roles: [], scopes: [] };
}
