import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { auditActor, AuditTrail, isDenial, type AuditOutcome } from '@carebus/audit';
import type { Appointment } from '../appointments/appointment';
import { bookingChannel } from '../appointments/appointment-access';
import { appointmentEvents } from '../appointments/appointment-events';
import { AppointmentsRepository } from '../appointments/appointments.repository';
import { IdempotencyKeyUsed, idempotencyKeyReused, idempotencyKeyRetry } from '../scheduling.errors';
import { SlotSourceRepository } from '../slots/slot-source.repository';
import type { BookAppointmentCommand, BookingResult } from './book-appointment.command';
import type { BookingSnapshot } from './booking-context';
import { BookingContextRepository } from './booking-context.repository';
import { decideBooking, type OfferedSlots } from './booking-decision';
import { BookingSnapshotRepository } from './booking-snapshot.repository';
import { requestHashOf } from './idempotency-key';
import { localDayBounds } from './local-day';
import { isOnlineChannel } from './online-booking-policy';

const MINUTE_MS = 60_000;

/** Books a time for a patient from any channel; the database constraint rules out double booking. */
@Injectable()
export class BookAppointmentUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly snapshots: BookingSnapshotRepository,
    private readonly slotSource: SlotSourceRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: BookAppointmentCommand): Promise<BookingResult> {
    const requestHash = requestHashOf(command);
    try {
      const appointment = await this.tenant.withTenant(command.clinicId, (tx) =>
        this.book(tx, command, requestHash),
      );
      return { appointment, replayed: false };
    } catch (error) {
      if (error instanceof IdempotencyKeyUsed) return this.replay(command, requestHash);
      if (error instanceof DomainError && !isDenial(error)) await this.recordFailure(command);
      throw error;
    }
  }

  /** Load, decide, and write the row, its event and its audit entry in one statement. */
  private async book(tx: Tx, c: BookAppointmentCommand, requestHash: string): Promise<Appointment> {
    const channel = bookingChannel(c.principal);
    const snapshot = await this.snapshots.read(tx, c);
    const offered = isOnlineChannel(channel) ? await this.offeredSlots(tx, c, snapshot) : null;
    const appointment = decideBooking({
      command: c,
      snapshot,
      channel,
      now: this.clock.now(),
      offered,
      id: uuidv7(),
    });
    // The event does not carry createdAt, so it is built before the row has one.
    const event = this.outbox.statementFor([appointmentEvents.booked(appointment)]);
    const { createdAt } = await this.appointments.insert(
      tx,
      {
        ...appointment,
        bookedBy: auditActor(c.principal),
        idempotencyKey: c.idempotencyKey,
        requestHash,
      },
      [event.statement, ...this.audit.statementsFor([entry(c, appointment.id, 'allowed')])],
    );
    return { ...appointment, createdAt, updatedAt: createdAt };
  }

  /** The slots on offer around the time, and the day's count under a daily limit (calendar locked). */
  private async offeredSlots(
    tx: Tx,
    c: BookAppointmentCommand,
    { calendar, type, patient }: BookingSnapshot,
  ): Promise<OfferedSlots | null> {
    // Without them the decision refuses before it looks at slots.
    if (!calendar || !type || !patient) return null;
    const end = new Date(c.start.getTime() + type.durationMinutes * MINUTE_MS);
    const source = await this.slotSource.load(tx, calendar.id, c.start, end);
    if (type.dailyOnlineLimit === null) return { source, onlineBookingsThatDay: null };
    // A per-day limit is counted, not constrained: concurrent online bookings count one after another.
    await this.context.lockCalendar(tx, calendar.id);
    const day = localDayBounds(c.start, source.timeZone);
    const n = await this.context.onlineBookingsOfType(tx, calendar.id, type.id, day.start, day.end);
    return { source, onlineBookingsThatDay: n };
  }

  private async replay(c: BookAppointmentCommand, requestHash: string): Promise<BookingResult> {
    const earlier = await this.tenant.withTenant(c.clinicId, (tx) =>
      this.appointments.findByIdempotencyKey(tx, c.idempotencyKey as string),
    );
    if (!earlier) throw idempotencyKeyRetry();
    if (earlier.requestHash !== requestHash) throw idempotencyKeyReused();
    return { appointment: earlier.appointment, replayed: true };
  }

  /** A denial is the edge's to record; a failed audit write fails the request (503). */
  private recordFailure(c: BookAppointmentCommand): Promise<void> {
    return this.audit.recordOutcome(entry(c, null, 'failed'));
  }
}

function entry(c: BookAppointmentCommand, id: string | null, outcome: AuditOutcome) {
  return {
    clinicId: c.clinicId,
    principal: c.principal,
    action: 'appointment.book',
    resourceType: 'appointment' as const,
    resourceId: id,
    patientId: c.patientId,
    outcome,
  };
}
