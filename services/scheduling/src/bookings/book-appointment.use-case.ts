import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { ConflictError, DomainError, NotFoundError, UnprocessableError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { inTenantTransaction } from '@carebus/platform';
import { auditActor, AuditTrail } from '../audit/audit-trail';
import type { Appointment, ContactSurface } from '../appointments/appointment';
import { actsForPatient, bookingChannel, seesHidden } from '../appointments/appointment-access';
import { appointmentEvents } from '../appointments/appointment-events';
import {
  AppointmentsRepository,
  IdempotencyKeyUsed,
  slotTaken,
} from '../appointments/appointments.repository';
import { CLOCK, type Clock } from '../shared/clock';
import { SlotSourceRepository } from '../slots/slot-source.repository';
import { BookingContextRepository } from './booking-context.repository';
import { BookingSnapshotRepository } from './booking-snapshot.repository';
import { checkOfferedSlot } from './slot-check';
import { checkOnlineBooking, dailyLimitReached } from './online-booking-policy';
import { localDayBounds } from './local-day';

export interface BookAppointmentCommand {
  principal: Principal;
  clinicId: string;
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  contactSurface?: ContactSurface | undefined;
  note?: string | undefined;
  idempotencyKey?: string | undefined;
}

export interface BookingResult {
  appointment: Appointment;
  /** True when the Idempotency-Key matched an earlier booking, which is returned unchanged. */
  replayed: boolean;
}

const MINUTE_MS = 60_000;

/** Books a time for a patient from any channel; the database constraint rules out double booking. */
@Injectable()
export class BookAppointmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly snapshots: BookingSnapshotRepository,
    private readonly slotSource: SlotSourceRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: BookAppointmentCommand): Promise<BookingResult> {
    const requestHash = hashOf(command);
    try {
      const appointment = await inTenantTransaction(this.dataSource, command.clinicId, (manager) =>
        this.book(manager, command, requestHash),
      );
      return { appointment, replayed: false };
    } catch (error) {
      if (error instanceof IdempotencyKeyUsed) return this.replay(command, requestHash);
      if (error instanceof DomainError) await this.recordRefusal(command, error);
      throw error;
    }
  }

  private async book(
    manager: EntityManager,
    c: BookAppointmentCommand,
    requestHash: string,
  ): Promise<Appointment> {
    const channel = bookingChannel(c.principal);
    const ownPatient = actsForPatient(c.principal);
    if (ownPatient !== null && ownPatient !== c.patientId) {
      throw new NotFoundError('scheduling.patient_not_found', 'No such patient.');
    }
    const snapshot = await this.snapshots.read(manager, c);
    if (snapshot.idempotencyKeyUsed) throw new IdempotencyKeyUsed();
    const { type, patient } = snapshot;
    if (!type || (type.hidden && !seesHidden(c.principal))) {
      throw new NotFoundError('scheduling.appointment_type_not_found', 'No such appointment type.');
    }
    if (type.archived) {
      throw new UnprocessableError(
        'scheduling.appointment_type_archived',
        'The appointment type is archived.',
      );
    }
    let calendar = snapshot.calendar;
    if (!calendar) throw new NotFoundError('scheduling.calendar_not_found', 'No such calendar.');
    if (!patient) throw new NotFoundError('scheduling.patient_not_found', 'No such patient.');
    const end = new Date(c.start.getTime() + type.durationMinutes * MINUTE_MS);
    if (channel === 'staff' || channel === 'ehr_import') {
      // Staff may book outside the work plan, but never over unavailable time (nor, by the
      // database's constraint, over another booking).
      if (snapshot.unavailable) throw slotTaken();
    } else {
      checkOnlineBooking({ channel, calendar, type, patient, start: c.start, now: this.clock.now() });
      const source = await this.slotSource.load(manager, c.clinicId, c.calendarId, c.start, end);
      checkOfferedSlot(source, type.id, c.start, end);
      if (type.dailyOnlineLimit !== null) {
        // A per-day limit is counted, not constrained: lock the calendar so concurrent online
        // bookings of it count one after another.
        calendar = (await this.context.calendar(manager, c.clinicId, c.calendarId, true)) ?? calendar;
        const day = localDayBounds(c.start, source.timeZone);
        const n = await this.context.onlineBookingsOfType(
          manager,
          c.clinicId,
          calendar.id,
          type.id,
          day.start,
          day.end,
        );
        if (n >= type.dailyOnlineLimit) throw dailyLimitReached(type.dailyOnlineLimit);
      }
    }
    const id = uuidv7();
    const contactSurface = c.contactSurface ?? type.contactSurface;
    const booked = (createdAt: Date): Appointment => ({
      id,
      clinicId: c.clinicId,
      calendarId: calendar.id,
      practitionerId: calendar.ownerPractitionerId,
      appointmentTypeId: type.id,
      appointmentTypeName: type.name,
      patientInformation: type.patientInformation,
      notificationsEnabled: type.notificationsEnabled,
      patientId: patient.id,
      start: c.start,
      end,
      status: 'booked',
      contactSurface,
      hidden: type.hidden,
      sourceChannel: channel,
      videoStartedAt: null,
      arrivedAt: null,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
      note: c.note ?? '',
      version: 1,
      createdAt,
      updatedAt: createdAt,
    });
    // The row, its event and its audit entry in one statement (the event does not carry createdAt).
    const event = this.outbox.statementFor([appointmentEvents.booked(booked(this.clock.now()))]);
    const stored = await this.appointments.insert(
      manager,
      {
        id,
        clinicId: c.clinicId,
        calendarId: calendar.id,
        appointmentTypeId: type.id,
        patientId: patient.id,
        start: c.start,
        end,
        contactSurface,
        hidden: type.hidden,
        sourceChannel: channel,
        note: c.note ?? '',
        bookedBy: auditActor(c.principal),
        idempotencyKey: c.idempotencyKey,
        requestHash,
      },
      [event.statement, this.audit.statementFor([entry(c, id, 'allowed')])],
    );
    return booked(stored.createdAt);
  }

  private async replay(c: BookAppointmentCommand, requestHash: string): Promise<BookingResult> {
    const earlier = await inTenantTransaction(this.dataSource, c.clinicId, (manager) =>
      this.appointments.findByIdempotencyKey(manager, c.clinicId, c.idempotencyKey as string),
    );
    if (!earlier) throw new ConflictError('scheduling.idempotency_key_used', 'Retry the request.');
    if (earlier.requestHash !== requestHash) {
      throw new UnprocessableError(
        'scheduling.idempotency_key_reused',
        'The Idempotency-Key was used for a different booking.',
      );
    }
    return { appointment: earlier.appointment, replayed: true };
  }

  private async recordRefusal(c: BookAppointmentCommand, error: DomainError): Promise<void> {
    const outcome = error.kind === 'forbidden' || error.kind === 'not_found' ? 'denied' : 'failed';
    await this.audit.recordOutcome(entry(c, null, outcome)).catch(() => undefined);
  }
}

function entry(c: BookAppointmentCommand, id: string | null, outcome: 'allowed' | 'denied' | 'failed') {
  return {
    clinicId: c.clinicId,
    principal: c.principal,
    action: 'appointment.book',
    resourceType: 'appointment' as const,
    resourceId: id,
    outcome,
  };
}

/** What makes two bookings "the same request" for the Idempotency-Key. */
function hashOf(c: BookAppointmentCommand): string {
  const fields = [
    c.calendarId,
    c.appointmentTypeId,
    c.patientId,
    c.start.toISOString(),
    c.contactSurface,
    c.note,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
