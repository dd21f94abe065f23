import type { Appointment, SourceChannel } from '../appointments/appointment';
import { actsForPatient, seesHidden } from '../appointments/appointment-access';
import {
  appointmentTypeArchived,
  appointmentTypeNotFound,
  calendarNotFound,
  dailyLimitReached,
  IdempotencyKeyUsed,
  patientNotFound,
  slotTaken,
} from '../scheduling.errors';
import type { SlotSource } from '../slots/slot-source';
import type { BookAppointmentCommand } from './book-appointment.command';
import type { BookingSnapshot } from './booking-context';
import { checkOnlineBooking, isOnlineChannel } from './online-booking-policy';
import { checkOfferedSlot } from './slot-check';

const MINUTE_MS = 60_000;

/** What an online booking is checked against, read once the snapshot named the calendar and type. */
export interface OfferedSlots {
  /** The calendar's work plan and busy time around the requested slot. */
  source: SlotSource;
  /** Online bookings of the type on that local day; null when the type has no daily limit. */
  onlineBookingsThatDay: number | null;
}

export interface BookingInput {
  command: BookAppointmentCommand;
  snapshot: BookingSnapshot;
  channel: SourceChannel;
  now: Date;
  /** Needed for online channels (patients, partner portals); null for staff. */
  offered: OfferedSlots | null;
  /** The new appointment's id. */
  id: string;
}

/**
 * Decides a booking: the appointment to insert, or the first rule it breaks (thrown as its
 * DomainError). Staff may book outside the work plan but never over unavailable time; online
 * channels must take an offered, free slot within their rules. Double booking itself is the
 * database's to refuse.
 */
export function decideBooking({
  command: c,
  snapshot,
  channel,
  now,
  offered,
  id,
}: BookingInput): Appointment {
  const ownPatient = actsForPatient(c.principal);
  if (ownPatient !== null && ownPatient !== c.patientId) throw patientNotFound();
  if (snapshot.idempotencyKeyUsed) throw new IdempotencyKeyUsed();
  const { type, calendar, patient } = snapshot;
  if (!type || (type.hidden && !seesHidden(c.principal))) throw appointmentTypeNotFound();
  if (type.archived) throw appointmentTypeArchived();
  if (!calendar) throw calendarNotFound();
  if (!patient) throw patientNotFound();
  const end = new Date(c.start.getTime() + type.durationMinutes * MINUTE_MS);
  if (!isOnlineChannel(channel)) {
    if (snapshot.unavailable) throw slotTaken();
  } else {
    checkOnlineBooking({ channel, calendar, type, patient, start: c.start, now });
    if (!offered) throw new Error('an online booking is decided with the slots on offer');
    checkOfferedSlot(offered.source, type.id, c.start, end);
    const limit = type.dailyOnlineLimit;
    if (limit !== null && (offered.onlineBookingsThatDay ?? 0) >= limit) throw dailyLimitReached(limit);
  }
  return {
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
    contactSurface: c.contactSurface ?? type.contactSurface,
    hidden: type.hidden,
    sourceChannel: channel,
    videoStartedAt: null,
    arrivedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    cancelReason: null,
    note: c.note ?? '',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
