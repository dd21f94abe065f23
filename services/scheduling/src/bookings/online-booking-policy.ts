import { ConflictError, ForbiddenError, UnprocessableError } from '@carebus/errors';
import type { SourceChannel } from '../appointments/appointment';
import type { CalendarForBooking, PatientForBooking, TypeForBooking } from './booking-context.repository';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface OnlineBookingCase {
  channel: Exclude<SourceChannel, 'staff' | 'ehr_import'>;
  calendar: CalendarForBooking;
  type: TypeForBooking;
  patient: PatientForBooking;
  start: Date;
  now: Date;
}

/**
 * The rules a patient or a partner portal books under (staff are not bound by them): the calendar
 * and type are open for online booking, the notice and horizon fit, only listed patients when the
 * calendar says so, and the partner-portal rule. Throws the first rule broken.
 */
export function checkOnlineBooking(c: OnlineBookingCase): void {
  if (c.channel === 'partner') checkPartnerCalendar(c.calendar);
  if (!c.calendar.onlineBookable) {
    throw new UnprocessableError(
      'scheduling.calendar_not_online_bookable',
      'This calendar is not open for online booking.',
    );
  }
  if (!c.type.patientBookable || c.type.archived) {
    throw new UnprocessableError(
      'scheduling.type_not_online_bookable',
      'This appointment type cannot be booked online.',
    );
  }
  const earliest = new Date(c.now.getTime() + c.calendar.minNoticeMinutes * MINUTE_MS);
  if (c.start < earliest) {
    throw new UnprocessableError('scheduling.notice_too_short', 'Online bookings need more notice.', {
      earliestStart: earliest.toISOString(),
    });
  }
  const latest = new Date(c.now.getTime() + c.calendar.maxDaysAhead * DAY_MS);
  if (c.start > latest) {
    throw new UnprocessableError(
      'scheduling.too_far_ahead',
      'The time is too far ahead for online booking.',
      {
        latestStart: latest.toISOString(),
      },
    );
  }
  if (c.calendar.listedPatientsOnly && c.patient.listedPractitionerId !== c.calendar.ownerPractitionerId) {
    throw new ForbiddenError(
      'scheduling.patient_not_listed',
      "Only patients on this practitioner's list may book online in this calendar.",
    );
  }
}

/**
 * A partner portal may only book in a GP's own calendar, and only when that GP owns exactly one
 * calendar: with several, the portal cannot know which one the patient means.
 */
export function checkPartnerCalendar(calendar: CalendarForBooking): void {
  if (calendar.ownerPractitionerId === null || calendar.ownerProfession !== 'gp') {
    throw new ForbiddenError(
      'scheduling.partner_calendar_not_gp',
      "Partners may only book in a GP's own calendar.",
    );
  }
  if (calendar.ownerCalendarCount !== 1) {
    throw new UnprocessableError(
      'scheduling.partner_gp_has_several_calendars',
      'The GP owns more than one calendar, so a partner may not book in them.',
      { calendarCount: calendar.ownerCalendarCount },
    );
  }
}

export function dailyLimitReached(limit: number): ConflictError {
  return new ConflictError(
    'scheduling.daily_limit_reached',
    'The daily limit of online bookings of this appointment type is reached.',
    { dailyLimit: limit },
  );
}
